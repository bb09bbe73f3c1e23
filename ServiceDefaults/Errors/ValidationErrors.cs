using Microsoft.AspNetCore.Http;

namespace Fabriques.ServiceDefaults.Errors;

/// <summary>Collects every broken rule of a request, by field, for one 400 answer that lists them all.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
        return this;
    }

    /// <summary>Adds <paramref name="message"/> when <paramref name="broken"/> holds.</summary>
    public ValidationErrors AddIf(bool broken, string field, string message) => broken ? Add(field, message) : this;

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public IResult ToProblem() => TypedResults.ValidationProblem(
        ToDictionary(),
        detail: "La requête contient des champs invalides : corrigez chaque champ listé dans « errors ».",
        title: "Données invalides",
        type: ProblemTypes.Validation);
}

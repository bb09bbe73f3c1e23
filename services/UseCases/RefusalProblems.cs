using Fabriques.Contracts;
using Microsoft.AspNetCore.Http;

namespace Fabriques.UseCases;

/// <summary>The answer a service gives to the refusals of one code: its status, stable type URI and French title.</summary>
public sealed record ProblemKind(int Status, string Type, string Title);

/// <summary>A service's table from refusal codes to its own problem types: the one place a refusal becomes HTTP.</summary>
public sealed class RefusalProblems(IReadOnlyDictionary<string, ProblemKind> kinds)
{
    /// <summary>The codes this service answers.</summary>
    public IEnumerable<string> Codes => kinds.Keys;

    /// <summary>The problem details of <paramref name="refusal"/>: its message is the detail, its facts extension members.</summary>
    public IResult ToProblem(Refusal refusal)
    {
        var kind = kinds.TryGetValue(refusal.Code, out var known)
            ? known
            : throw new InvalidOperationException($"Refusal code '{refusal.Code}' has no problem type in this service.");
        return TypedResults.Problem(statusCode: kind.Status, type: kind.Type, title: kind.Title, detail: refusal.Message,
            extensions: refusal.Facts);
    }
}

using Fabriques.ServiceDefaults.Errors;

namespace Fabriques.Candidature.Features;

/// <summary>Free text from a request: trimmed, bounded, and storable as it is (no NUL, no broken UTF-16).</summary>
public static class Text
{
    /// <summary>The trimmed text, or null when absent; adds to <paramref name="errors"/> what is wrong with it.</summary>
    public static string? Read(string? value, string field, int maxLength, ValidationErrors errors, bool required = true)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.AddIf(required, field, "Ce champ est obligatoire.");
            return null;
        }
        errors.AddIf(text.Length > maxLength, field, $"Ce champ fait au plus {maxLength} caractères.");
        errors.AddIf(!StorableText.IsStorable(text), field, StorableText.Problem);
        return text;
    }

    /// <summary>Reads a list of short texts; absent means empty.</summary>
    public static IReadOnlyList<string> ReadList(string?[]? values, string field, int maxItems, int maxLength, ValidationErrors errors)
    {
        if (values is null)
        {
            return [];
        }
        errors.AddIf(values.Length > maxItems, field, $"Au plus {maxItems} éléments.");
        return values.Select((v, i) => Read(v, $"{field}[{i}]", maxLength, errors)).OfType<string>().ToList();
    }
}

using Fabriques.ServiceDefaults.Errors;

namespace Fabriques.Candidature.Features;

/// <summary>The body of an action that must be explained to the porteur: <c>{ motivation }</c>.</summary>
public sealed record Motivated(string? Motivation)
{
    public const int MaxLength = 5000;

    /// <summary>The trimmed motivation; <paramref name="required"/> adds an error when it is missing.</summary>
    public static string? Read(string? motivation, bool required, ValidationErrors errors)
    {
        var text = Text.Read(motivation, "motivation", MaxLength, errors, required: false);
        errors.AddIf(required && text is null, "motivation", "La motivation est obligatoire : elle est transmise au porteur.");
        return text;
    }
}

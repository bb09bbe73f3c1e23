using System.Collections;
using System.Text.RegularExpressions;

namespace Fabriques.Notification.Domain;

/// <summary>
/// A small subset of Mustache, enough for e-mail templates kept as files: <c>{{name}}</c> inserts a value (encoded
/// for the target format), <c>{{#name}}…{{/name}}</c> repeats its content for each row of a list, or shows it once
/// when the value is a non-empty text. A name the model lacks is an error, so a typo in a template never sends
/// an e-mail with a hole in it.
/// </summary>
public static partial class TemplateText
{
    public static string Render(string template, IReadOnlyDictionary<string, object?> model, Func<string, string> encode) =>
        Render(template, name => model.TryGetValue(name, out var value) ? value : throw Missing(name), encode);

    /// <summary>
    /// One pass over the template: each tag is replaced once, and what a value brings is never read again, so a value
    /// that contains <c>{{x}}</c> is shown as such instead of being taken for a tag.
    /// </summary>
    private static string Render(string template, Func<string, object?> lookup, Func<string, string> encode) =>
        Tag().Replace(template, match => match.Groups["section"].Success
            ? lookup(match.Groups["section"].Value) switch
            {
                string text => text.Length > 0 ? Render(match.Groups["body"].Value, lookup, encode) : "",
                null => "",
                IEnumerable<IReadOnlyDictionary<string, object?>> rows => string.Concat(rows.Select(row =>
                    Render(match.Groups["body"].Value, name => row.TryGetValue(name, out var value) ? value : lookup(name), encode))),
                var other => throw new InvalidOperationException($"Section {{{{#{match.Groups["section"].Value}}}}} needs a text or a list, not {other.GetType().Name}."),
            }
            : lookup(match.Groups["name"].Value) switch
            {
                string text => encode(text),
                null => "",
                IEnumerable => throw new InvalidOperationException($"{{{{{match.Groups["name"].Value}}}}} is a list: use it as a section."),
                var other => encode(other.ToString() ?? ""),
            });

    private static KeyNotFoundException Missing(string name) => new($"The template uses {{{{{name}}}}}, which the model does not have.");

    [GeneratedRegex(@"\{\{#(?<section>\w+)\}\}(?<body>.*?)\{\{/\k<section>\}\}|\{\{(?<name>\w+)\}\}", RegexOptions.Singleline)]
    private static partial Regex Tag();
}

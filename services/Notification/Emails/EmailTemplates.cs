using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fabriques.Notification.Domain;

namespace Fabriques.Notification.Emails;

/// <summary>
/// The French e-mail templates, kept as files beside the service (<c>Emails/Templates</c>): for each template a
/// subject line (<c>.subject.txt</c>), an HTML part (<c>.html</c>) and a plain-text part (<c>.txt</c>). All are read
/// at start-up, so a missing file stops the service rather than an e-mail.
/// </summary>
public sealed class EmailTemplates
{
    private readonly Dictionary<string, (string Subject, string Html, string Text)> _templates;

    public EmailTemplates(string directory, IEnumerable<string> names)
    {
        _templates = names.ToDictionary(name => name, name => (
            File.ReadAllText(Path.Combine(directory, name + ".subject.txt")).Trim(),
            File.ReadAllText(Path.Combine(directory, name + ".html")),
            File.ReadAllText(Path.Combine(directory, name + ".txt"))));
    }

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Emails", "Templates");

    public RenderedEmail Render(EmailDraft draft)
    {
        var (subject, html, text) = _templates.TryGetValue(draft.Template, out var template)
            ? template
            : throw new KeyNotFoundException($"No e-mail template named {draft.Template}.");
        return new RenderedEmail(
            TemplateText.Render(subject, draft.Model, OneLine),
            TemplateText.Render(html, draft.Model, Html),
            TemplateText.Render(text, draft.Model, value => value));
    }

    /// <summary>The framework's HTML encoder, every Unicode range allowed so accents stay readable in the source.</summary>
    private static readonly HtmlEncoder HtmlText = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Html(string value) => HtmlText.Encode(value);

    /// <summary>A subject is one header line: whatever a value contains, it cannot add another.</summary>
    private static string OneLine(string value) => value.ReplaceLineEndings(" ");
}

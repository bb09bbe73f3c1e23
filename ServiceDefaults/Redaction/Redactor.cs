using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Fabriques.ServiceDefaults.Redaction;

/// <summary>
/// Takes personal data and secrets out of what is logged or traced: e-mail addresses, French phone numbers, bearer
/// tokens and JWTs, webhook secrets, passwords in connection strings and URIs, the values of fields named like
/// personal data, and every secret of the process's own configuration. Ids, states and amounts are left as they are.
/// </summary>
public sealed partial class Redactor
{
    public const string Redacted = "[redacted]";

    private readonly string[] _configuredSecrets;

    public Redactor(IConfiguration configuration) =>
        // Longest first, so a secret containing another is replaced whole. Short values would match too much.
        _configuredSecrets = [.. configuration.AsEnumerable()
            .Where(e => e.Value is { Length: >= 8 } && SecretSetting().IsMatch(e.Key))
            .Select(e => e.Value!)
            .Distinct()
            .OrderByDescending(v => v.Length)];

    /// <summary>True when a structured value named <paramref name="name"/> holds personal data or a secret whatever it looks like.</summary>
    public static bool IsSensitiveName(string name) => SensitiveName().IsMatch(name);

    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        foreach (var secret in _configuredSecrets)
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }
        text = JsonField().Replace(text, $"$1\"{Redacted}\"");
        text = QueryField().Replace(text, $"$1={Redacted}");
        text = ConnectionStringPassword().Replace(text, $"$1={Redacted}");
        text = UriPassword().Replace(text, Redacted);
        text = BearerToken().Replace(text, $"Bearer {Redacted}");
        text = Jwt().Replace(text, Redacted);
        text = WebhookSecret().Replace(text, $"whsec_{Redacted}");
        text = Email().Replace(text, Redacted);
        return FrenchPhone().Replace(text, Redacted);
    }

    /// <summary>A structured value: redacted whole when its name says so, else its text redacted when that changes it.</summary>
    public object? Redact(string name, object? value)
    {
        if (value is null || name == "{OriginalFormat}")
        {
            return value;
        }
        if (IsSensitiveName(name))
        {
            return Redacted;
        }
        if (value is string text)
        {
            return Redact(text);
        }
        if (value.GetType().IsPrimitive || value is Guid or decimal or DateTime or DateTimeOffset or TimeSpan or Enum)
        {
            return value;
        }
        var shown = value.ToString() ?? "";
        var redacted = Redact(shown);
        return redacted == shown ? value : redacted;
    }

    /// <summary>Configuration keys whose values are secrets (Jwt:SigningKey, Email:Password, ...).</summary>
    [GeneratedRegex(@"(password|pwd|secret|signingkey|apikey|token)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretSetting();

    /// <summary>Names of personal data or secrets, but not the ids, counts or kinds of them (<c>EmailId</c> is fine).</summary>
    [GeneratedRegex(@"^(?!.*(?:id|ids|count|kind|type)$).*(?:e-?mail|phone|contactname|fullname|firstname|lastname|password|secret|authorization|^token$|accesstoken)",
        RegexOptions.IgnoreCase)]
    private static partial Regex SensitiveName();

    /// <summary>A JSON field named like personal data or a secret: <c>"contactEmail": "…"</c>.</summary>
    [GeneratedRegex(@"(""\w*(?:e-?mail|phone|contactname|fullname|firstname|lastname|password|secret|token)""\s*:\s*)""(?:[^""\\]|\\.)*""",
        RegexOptions.IgnoreCase)]
    private static partial Regex JsonField();

    [GeneratedRegex(@"\b((?:e-?mail|phone|password|secret|token|access_token|api_key|apikey)[\w]*)=[^&\s;""']+", RegexOptions.IgnoreCase)]
    private static partial Regex QueryField();

    [GeneratedRegex(@"\b(password|pwd)\s*=\s*[^;""'\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPassword();

    [GeneratedRegex(@"(?<=://[^/\s:@]+:)[^/\s@]+(?=@)")]
    private static partial Regex UriPassword();

    [GeneratedRegex(@"\bBearer\s+[A-Za-z0-9\-._~+/]+=*", RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"whsec_[A-Za-z0-9+/=_\-]+")]
    private static partial Regex WebhookSecret();

    /// <summary>An address, also URL-encoded as in a logged query string (<c>%40</c>).</summary>
    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+(?:@|%40)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex Email();

    /// <summary>
    /// 0X XX XX XX XX and +33 X XX XX XX XX, with spaces, dots or dashes; never inside a longer word or number, so
    /// the digits of a GUID, a trace id or a duration are left alone.
    /// </summary>
    [GeneratedRegex(@"(?<![\w\-+.,])(?:(?:\+|00)33[\s.\-]?(?:\(0\)\s?)?[1-9]|0[1-9])(?:[\s.\-]?\d{2}){4}(?![\w\-])")]
    private static partial Regex FrenchPhone();
}

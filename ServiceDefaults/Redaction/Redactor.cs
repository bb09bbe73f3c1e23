using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
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
    public static bool IsSensitiveName(string name) =>
        // Names come from code (attribute keys, message templates): a few hundred at most, each judged once.
        SensitiveNames.Count < MaxRememberedNames
            ? SensitiveNames.GetOrAdd(name, static n => SensitiveName().IsMatch(n))
            : SensitiveNames.TryGetValue(name, out var sensitive) ? sensitive : SensitiveName().IsMatch(name);

    private const int MaxRememberedNames = 4096;
    private static readonly ConcurrentDictionary<string, bool> SensitiveNames = new(StringComparer.Ordinal);

    /// <summary>
    /// The text with personal data and secrets replaced. Each pattern runs only when the text holds what any match of it
    /// must contain (an <c>@</c> after a character of an address, a field name and an <c>=</c>, ten digits...): most of
    /// what is traced — methods, routes, ids, SQL with its parameters — holds none, and costs a few vectorised scans.
    /// </summary>
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
        if (text.Contains('"') && Mentions(text, JsonFieldWords))
        {
            text = JsonField().Replace(text, $"$1\"{Redacted}\"");
        }
        if (MayAssignAField(text) && Mentions(text, QueryFieldWords))
        {
            text = QueryField().Replace(text, $"$1={Redacted}");
        }
        if (text.Contains('=') && Mentions(text, PasswordWords))
        {
            text = ConnectionStringPassword().Replace(text, $"$1={Redacted}");
        }
        if (text.Contains("://", StringComparison.Ordinal) && text.Contains('@'))
        {
            text = UriPassword().Replace(text, Redacted);
        }
        if (Mentions(text, BearerWord))
        {
            text = BearerToken().Replace(text, $"Bearer {Redacted}");
        }
        if (text.Contains("eyJ", StringComparison.Ordinal))
        {
            text = Jwt().Replace(text, Redacted);
        }
        if (text.Contains("whsec_", StringComparison.Ordinal))
        {
            text = WebhookSecret().Replace(text, $"whsec_{Redacted}");
        }
        if (MayHoldAddress(text))
        {
            text = Email().Replace(text, Redacted);
        }
        return MayHoldPhoneNumber(text) ? FrenchPhone().Replace(text, Redacted) : text;
    }

    // The words the case-insensitive patterns need: JsonField's names, QueryField's, ConnectionStringPassword's.
    private static readonly SearchValues<string> JsonFieldWords = SearchValues.Create(
        ["mail", "phone", "contactname", "fullname", "firstname", "lastname", "password", "secret", "token"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> QueryFieldWords = SearchValues.Create(
        ["mail", "phone", "password", "secret", "token", "api_key", "apikey"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> PasswordWords = SearchValues.Create(["password", "pwd"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> BearerWord = SearchValues.Create(["bearer"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <c>\w</c> may match <paramref name="c"/>: ASCII letters, digits and <c>_</c>, and any non-ASCII character.</summary>
    private static bool MayBeWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || !char.IsAscii(c);

    /// <summary>
    /// Whether the text holds one of the words a case-insensitive pattern needs; any non-ASCII text may, since such a
    /// pattern also takes letters like the Kelvin sign for <c>k</c>.
    /// </summary>
    private static bool Mentions(string text, SearchValues<string> words) => text.AsSpan().ContainsAny(words) || !Ascii.IsValid(text);

    /// <summary>A query field (<c>token=…</c>) has its name right before its <c>=</c>; SQL's <c>p.id = @id</c> has a space.</summary>
    private static bool MayAssignAField(string text)
    {
        for (var equals = text.IndexOf('=', 1); equals >= 0; equals = text.IndexOf('=', equals + 1))
        {
            if (MayBeWordCharacter(text[equals - 1]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// An address has a character of its local part just before its <c>@</c> (or is URL-encoded, <c>%40</c>); a SQL
    /// parameter (<c>= @id</c>) has not.
    /// </summary>
    private static bool MayHoldAddress(string text)
    {
        if (text.Contains("%40", StringComparison.Ordinal))
        {
            return true;
        }
        for (var at = text.IndexOf('@', 1); at >= 0; at = text.IndexOf('@', at + 1))
        {
            var before = text[at - 1];
            if (char.IsAsciiLetterOrDigit(before) || before is '.' or '_' or '%' or '+' or '-' || !char.IsAscii(before))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A French number starts with <c>0</c> or <c>+</c>, not right after a letter, a digit or <c>_ - + . ,</c> (so
    /// neither <c>p0</c> nor <c>@id_0</c> in SQL), and has at least ten digits (<c>\d</c> in the pattern is any Unicode
    /// digit, so they are counted the same way).
    /// </summary>
    private static bool MayHoldPhoneNumber(string text)
    {
        var start = text.AsSpan().IndexOfAny('0', '+');
        while (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '_' or '-' or '+' or '.' or ','))
        {
            var next = text.AsSpan(start + 1).IndexOfAny('0', '+');
            start = next < 0 ? -1 : start + 1 + next;
        }
        if (start < 0)
        {
            return false;
        }
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsDigit(c) && ++digits == 10)
            {
                return true;
            }
        }
        return false;
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

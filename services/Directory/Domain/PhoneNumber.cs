using System.Text.RegularExpressions;

namespace Fabriques.Directory.Domain;

/// <summary>Phone numbers in the international form the national standard uses: <c>+33492310000</c>.</summary>
public static partial class PhoneNumber
{
    /// <summary>Accepts <c>04 92 31 00 00</c>, <c>04.92.31.00.00</c> or <c>+33 4 92 31 00 00</c>; gives <c>+33492310000</c>.</summary>
    public static bool TryNormalize(string value, out string normalized)
    {
        var digits = Separators().Replace(value, "");
        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            digits = "+" + digits[2..];
        }
        else if (NationalPattern().IsMatch(digits))
        {
            digits = "+33" + digits[1..];
        }
        normalized = InternationalPattern().IsMatch(digits) ? digits : "";
        return normalized.Length > 0;
    }

    [GeneratedRegex(@"[\s.\-()/]", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();

    [GeneratedRegex(@"^0[1-9]\d{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex NationalPattern();

    [GeneratedRegex(@"^\+[1-9]\d{5,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex InternationalPattern();
}

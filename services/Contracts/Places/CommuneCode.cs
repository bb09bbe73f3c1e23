using System.Text.RegularExpressions;

namespace Fabriques.Contracts.Places;

/// <summary>
/// INSEE code of a commune: two-digit département (Corsica <c>2A</c>/<c>2B</c>) and three digits, or an overseas
/// code <c>971</c>–<c>976</c> and two digits. The département is derived from it.
/// </summary>
public readonly partial record struct CommuneCode
{
    private CommuneCode(string value) => Value = value;

    public string Value { get; }

    /// <summary>The département: the first three characters overseas (<c>974</c>), the first two elsewhere (<c>2A</c>).</summary>
    public string DepartmentCode => Value.StartsWith("97", StringComparison.Ordinal) ? Value[..3] : Value[..2];

    public static bool TryParse(string? value, out CommuneCode code)
    {
        var candidate = value?.Trim().ToUpperInvariant();
        if (candidate is not null && Pattern().IsMatch(candidate))
        {
            code = new CommuneCode(candidate);
            return true;
        }
        code = default;
        return false;
    }

    public override string ToString() => Value;

    // 01–19, 21–95 (and 2A/2B), then 97x overseas: the rule of the contract, ^([013-9]\d|2[AB1-9])\d{3}$.
    [GeneratedRegex(@"^([013-9]\d|2[AB1-9])\d{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

using System.Text.RegularExpressions;

namespace Fabriques.Contracts.Places;

/// <summary>
/// The code of a priority urban neighbourhood (quartier prioritaire de la politique de la ville), in either geography:
/// 2015 (<c>QP</c>, the département on 3 characters, 3 digits: <c>QP067001</c>) or 2024 (<c>QN</c>, the département on
/// 3 characters, 2 digits and a letter: <c>QN06801M</c>); Corsica is <c>02A</c>/<c>02B</c>. One rule for every service.
/// </summary>
public readonly partial record struct QpvCode
{
    /// <summary>What a person is told when a code does not follow the rule.</summary>
    public const string Rule = "QP, le département sur 3 caractères et 3 chiffres (QP067001), "
                               + "ou QN, le département sur 3 caractères, 2 chiffres et une lettre (QN06801M)";

    private QpvCode(string value) => Value = value;

    public string Value { get; }

    /// <summary>Accepts the code in any case, surrounded by spaces; gives it upper-case.</summary>
    public static bool TryParse(string? value, out QpvCode code)
    {
        var candidate = value?.Trim().ToUpperInvariant();
        if (candidate is not null && Pattern().IsMatch(candidate))
        {
            code = new QpvCode(candidate);
            return true;
        }
        code = default;
        return false;
    }

    public static bool IsValid(string? value) => TryParse(value, out _);

    public override string ToString() => Value;

    [GeneratedRegex(@"^(QP(\d{3}|02[AB])\d{3}|QN(\d{3}|02[AB])\d{2}[A-Z])$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

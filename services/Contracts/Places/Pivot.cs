namespace Fabriques.Contracts.Places;

/// <summary>
/// The legal identifier of an organisation: a SIRET (14 digits, valid Luhn key; La Poste's establishments, SIREN
/// 356000000, are valid when their digit sum is divisible by 5) or an RNA number (<c>W</c> + 9 digits).
/// </summary>
public readonly record struct Pivot
{
    public const string LaPosteSiren = "356000000";

    /// <summary>The national convention for "unknown" in open data (e.g. the Région Sud inventory).</summary>
    public const string Unknown = "00000000000000";

    private Pivot(string value) => Value = value;

    public string Value { get; }

    public bool IsRna => Value[0] == 'W';

    public static bool TryParse(string? value, out Pivot pivot)
    {
        var candidate = value?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (candidate is not null && (IsSiret(candidate) || IsRnaNumber(candidate)))
        {
            pivot = new Pivot(candidate);
            return true;
        }
        pivot = default;
        return false;
    }

    /// <summary>
    /// The same organisation: one SIREN (the SIRET's first 9 digits: two establishments of one company or
    /// association), or one RNA number.
    /// </summary>
    public bool SameOrganisationAs(Pivot other) =>
        Value is not null && other.Value is not null
        && (IsRna || other.IsRna ? Value == other.Value : Value.AsSpan(0, 9).SequenceEqual(other.Value.AsSpan(0, 9)));

    public override string ToString() => Value;

    private static bool IsRnaNumber(string value) => value.Length == 10 && value[0] == 'W' && value.AsSpan(1).ContainsOnlyDigits();

    private static bool IsSiret(string value)
    {
        if (value.Length != 14 || !value.AsSpan().ContainsOnlyDigits() || value == Unknown)
        {
            return false;
        }
        return value.StartsWith(LaPosteSiren, StringComparison.Ordinal)
            ? value.Sum(c => c - '0') % 5 == 0
            : Luhn(value);
    }

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}

internal static class SpanDigits
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> span) => !span.IsEmpty && !span.ContainsAnyExceptInRange('0', '9');
}

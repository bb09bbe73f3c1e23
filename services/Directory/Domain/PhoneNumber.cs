using PhoneNumbers;

namespace Fabriques.Directory.Domain;

/// <summary>
/// Phone numbers in the international form the national standard uses (<c>+33492310000</c>). A number written the
/// national way (<c>0262 12 34 56</c>) belongs to the place's own numbering plan: overseas départements have their own
/// country codes (La Réunion and Mayotte +262, Guadeloupe +590, Martinique +596, Guyane +594). Google's
/// libphonenumber knows those plans and which numbers exist in them, so no rule of ours copies them.
/// </summary>
public static class PhoneNumber
{
    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    /// <summary>The numbering plan (ISO 3166 region) of each overseas département; France's everywhere else.</summary>
    private static readonly IReadOnlyDictionary<string, string> RegionOfDepartment = new Dictionary<string, string>
    {
        ["971"] = "GP",
        ["972"] = "MQ",
        ["973"] = "GF",
        ["974"] = "RE",
        ["976"] = "YT",
    };

    /// <summary>
    /// Accepts <c>04 92 31 00 00</c>, <c>04.92.31.00.00</c>, <c>0033 4 92 31 00 00</c> or <c>+33 4 92 31 00 00</c>; gives
    /// <c>+33492310000</c>. A national number is read in the plan of <paramref name="departmentCode"/> (France when
    /// unknown); a number that does not exist in its plan is refused.
    /// </summary>
    public static bool TryNormalize(string value, string? departmentCode, out string normalized)
    {
        normalized = "";
        var region = departmentCode is not null && RegionOfDepartment.TryGetValue(departmentCode, out var overseas) ? overseas : "FR";
        try
        {
            var number = Numbers.Parse(value, region);
            if (Numbers.IsValidNumber(number))
            {
                normalized = Numbers.Format(number, PhoneNumberFormat.E164);
            }
        }
        catch (NumberParseException)
        {
            // not a phone number at all: refused below
        }
        return normalized.Length > 0;
    }
}

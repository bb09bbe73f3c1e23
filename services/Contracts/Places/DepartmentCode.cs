using System.Text.RegularExpressions;

namespace Fabriques.Contracts.Places;

/// <summary>
/// A département code as events carry it (<c>departmentCode</c>): two characters, <c>01</c> to <c>95</c> with <c>2A</c>
/// and <c>2B</c> for Corsica, or three overseas, <c>971</c> to <c>976</c>.
/// </summary>
public static partial class DepartmentCode
{
    public static bool IsValid(string? code) => code is not null && Pattern().IsMatch(code);

    [GeneratedRegex("^(0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-6])$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

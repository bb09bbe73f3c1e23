using System.Text.RegularExpressions;

namespace Fabriques.Directory.Domain;

/// <summary>
/// Exported text that a spreadsheet would run as a formula (CSV/formula injection: <c>=HYPERLINK(…)</c>,
/// <c>@SUM(…)</c>, a leading tab or carriage return, <c>+</c> or <c>-</c> not starting a plain number) is written
/// after an apostrophe, which spreadsheets show as text; the import takes that apostrophe off again, so
/// import ↔ export still round-trips. A value that itself starts with apostrophes before such text gets one more, so
/// the import never takes off an apostrophe that was the data's.
/// </summary>
public static partial class SpreadsheetText
{
    public const char Guard = '\'';

    /// <summary>The value as it is safe to export.</summary>
    public static string Neutralise(string value) => NeedsGuard(value) ? Guard + value : value;

    /// <summary>The value an exported cell stood for (the inverse of <see cref="Neutralise"/>).</summary>
    public static string Restore(string cell) =>
        cell.Length > 1 && cell[0] == Guard && NeedsGuard(cell[1..]) ? cell[1..] : cell;

    private static bool IsFormula(string value) =>
        value.Length > 0 && (value[0] is '=' or '@' or '\t' or '\r'
                             || (value[0] is '+' or '-' && !PlainNumber().IsMatch(value)));

    private static bool NeedsGuard(string value) => IsFormula(value.TrimStart(Guard));

    /// <summary>A signed decimal number, as in a phone number (+33…) or a coordinate (-5.1): nothing to run.</summary>
    [GeneratedRegex(@"^[+-][0-9]+([.,][0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();
}

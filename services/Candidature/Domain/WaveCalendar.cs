using System.Globalization;

namespace Fabriques.Candidature.Domain;

/// <summary>
/// The permanent call's calendar: contiguous waves of three calendar months (Paris time, so a wave that opens at midnight
/// on 1 January closes at midnight on 1 April, summer time or not), the last one ending at the calendar's end.
/// </summary>
public static class WaveCalendar
{
    public const string Quarter = "quarter";

    /// <summary>Ten years of quarters: a calendar longer than that is a typing error.</summary>
    public const int MaxWaves = 40;

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public sealed record Period(string Name, DateTimeOffset OpensAt, DateTimeOffset Deadline);

    /// <summary>The quarters from <paramref name="from"/> to <paramref name="until"/> (after it), each starting when the previous one ends.</summary>
    public static IReadOnlyList<Period> Quarters(DateTimeOffset from, DateTimeOffset until)
    {
        var periods = new List<Period>();
        var opensAt = from;
        while (opensAt < until && periods.Count <= MaxWaves)
        {
            var threeMonthsLater = InParis(TimeZoneInfo.ConvertTime(opensAt, Paris).DateTime.AddMonths(3));
            var deadline = threeMonthsLater < until ? threeMonthsLater : until;
            periods.Add(new Period(NameOf(opensAt, deadline), opensAt, deadline));
            opensAt = deadline;
        }
        return periods;
    }

    /// <summary>e.g. « Vague du 01/01/2027 au 31/03/2027 »: the last day is the one before the deadline's midnight.</summary>
    private static string NameOf(DateTimeOffset opensAt, DateTimeOffset deadline)
    {
        var first = TimeZoneInfo.ConvertTime(opensAt, Paris);
        var last = TimeZoneInfo.ConvertTime(deadline.AddTicks(-1), Paris);
        return string.Create(French, $"Vague du {first:dd/MM/yyyy} au {last:dd/MM/yyyy}");
    }

    /// <summary>A Paris wall-clock time as an instant (a time skipped by the spring change is read as summer time).</summary>
    private static DateTimeOffset InParis(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = Paris.IsInvalidTime(unspecified) ? Paris.BaseUtcOffset + TimeSpan.FromHours(1) : Paris.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset);
    }
}

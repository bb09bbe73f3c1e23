namespace Fabriques.Directory.Domain;

/// <summary>The programme's dates are French calendar dates: an award at 00:30 in Paris is dated that day, not the day before.</summary>
public static class FrenchDate
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Paris).DateTime);
}

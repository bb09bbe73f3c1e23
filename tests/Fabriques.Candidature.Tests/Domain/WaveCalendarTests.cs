using Fabriques.Candidature.Domain;

namespace Fabriques.Candidature.Tests.Domain;

public sealed class WaveCalendarTests
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    [Fact]
    public void A_year_is_four_contiguous_quarters_at_midnight_in_Paris_summer_time_or_not()
    {
        var quarters = WaveCalendar.Quarters(new DateTimeOffset(2027, 1, 1, 0, 0, 0, Winter), new DateTimeOffset(2028, 1, 1, 0, 0, 0, Winter));

        Assert.Equal(
        [
            new DateTimeOffset(2027, 1, 1, 0, 0, 0, Winter), new DateTimeOffset(2027, 4, 1, 0, 0, 0, Summer),
            new DateTimeOffset(2027, 7, 1, 0, 0, 0, Summer), new DateTimeOffset(2027, 10, 1, 0, 0, 0, Summer),
        ], quarters.Select(q => q.OpensAt));
        Assert.All(quarters.Zip(quarters.Skip(1)), pair => Assert.Equal(pair.First.Deadline, pair.Second.OpensAt));
        Assert.Equal(new DateTimeOffset(2028, 1, 1, 0, 0, 0, Winter), quarters[^1].Deadline);
        Assert.Equal(["Vague du 01/01/2027 au 31/03/2027", "Vague du 01/04/2027 au 30/06/2027",
                      "Vague du 01/07/2027 au 30/09/2027", "Vague du 01/10/2027 au 31/12/2027"], quarters.Select(q => q.Name));
    }

    [Fact]
    public void The_last_wave_ends_with_the_calendar()
    {
        var quarters = WaveCalendar.Quarters(new DateTimeOffset(2027, 1, 1, 0, 0, 0, Winter), new DateTimeOffset(2027, 5, 15, 0, 0, 0, Summer));

        Assert.Equal(2, quarters.Count);
        Assert.Equal(new DateTimeOffset(2027, 5, 15, 0, 0, 0, Summer), quarters[^1].Deadline);
    }

    [Fact]
    public void A_calendar_too_long_stops_one_wave_past_the_limit() =>
        Assert.Equal(WaveCalendar.MaxWaves + 1,
            WaveCalendar.Quarters(new DateTimeOffset(2027, 1, 1, 0, 0, 0, Winter), new DateTimeOffset(2099, 1, 1, 0, 0, 0, Winter)).Count);
}

using Fabriques.Candidature.Domain;
using Fabriques.Contracts.Candidature;

namespace Fabriques.Candidature.Tests.Domain;

public sealed class WaveTests
{
    private static readonly DateTimeOffset OpensAt = new(2027, 1, 15, 9, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Deadline = new(2027, 3, 31, 12, 0, 0, TimeSpan.FromHours(2));

    private static Wave NewWave() => Wave.Schedule("Vague 1", OpensAt, Deadline, 30, "gestionnaire", OpensAt.AddDays(-10));

    [Fact]
    public void The_state_follows_the_clock_opening_included_and_deadline_excluded()
    {
        var wave = NewWave();

        Assert.Equal(WaveState.Scheduled, wave.StateAt(OpensAt.AddTicks(-1)));
        Assert.Equal(WaveState.Open, wave.StateAt(OpensAt));
        Assert.Equal(WaveState.Open, wave.StateAt(Deadline.AddTicks(-1)));
        Assert.Equal(WaveState.Closed, wave.StateAt(Deadline));
    }

    [Fact]
    public void Dates_are_kept_as_the_same_instants_in_UTC()
    {
        var wave = NewWave();

        Assert.Equal(OpensAt, wave.OpensAt);
        Assert.Equal(TimeSpan.Zero, wave.OpensAt.Offset);
        Assert.Equal(Deadline, wave.Deadline);
    }

    [Fact]
    public void Opening_and_closing_are_each_announced_once_when_their_time_comes()
    {
        var wave = NewWave();

        Assert.Empty(wave.Announce(OpensAt.AddSeconds(-1)));
        var opened = Assert.IsType<WaveOpened>(Assert.Single(wave.Announce(OpensAt)));
        Assert.Empty(wave.Announce(OpensAt.AddDays(1)));
        var closed = Assert.IsType<WaveClosed>(Assert.Single(wave.Announce(Deadline)));
        Assert.Empty(wave.Announce(Deadline.AddDays(1)));

        Assert.Equal((wave.Id, "Vague 1", OpensAt, Deadline, 30), (opened.WaveId, opened.Name, opened.OpensAt, opened.Deadline, opened.MaxLaureates));
        Assert.Equal(OpensAt, opened.OccurredAt);
        Assert.Equal((wave.Id, Deadline), (closed.WaveId, closed.OccurredAt));
    }

    [Fact]
    public void After_an_outage_over_the_whole_wave_both_announcements_go_out_in_order()
    {
        var events = NewWave().Announce(Deadline.AddDays(3));

        Assert.Collection(events, e => Assert.IsType<WaveOpened>(e), e => Assert.IsType<WaveClosed>(e));
    }
}

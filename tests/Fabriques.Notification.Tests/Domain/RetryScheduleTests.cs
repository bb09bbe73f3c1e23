using Fabriques.Notification.Domain;

namespace Fabriques.Notification.Tests.Domain;

public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_failure_doubles_the_wait_up_to_the_maximum()
    {
        var schedule = new RetrySchedule(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromDays(1));

        var waits = Enumerable.Range(1, 5).Select(n => schedule.NextAttempt(n, Start, Start) - Start).ToList();

        Assert.Equal([1, 2, 4, 5, 5], waits.Select(w => w!.Value.TotalMinutes));
    }

    [Fact]
    public void It_gives_up_once_the_next_attempt_would_fall_after_the_window()
    {
        var schedule = new RetrySchedule(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromHours(2));

        Assert.Equal(Start.AddMinutes(119), schedule.NextAttempt(1, Start, Start.AddMinutes(118)));
        Assert.Null(schedule.NextAttempt(3, Start, Start.AddMinutes(117))); // 117 + 4 minutes is past 2 hours
    }

    [Fact]
    public void The_webhook_schedule_keeps_trying_for_about_three_days()
    {
        var schedule = new RetryOptions().ToSchedule();
        var at = Start;
        var attempts = 1;
        while (schedule.NextAttempt(attempts, Start, at) is { } next)
        {
            at = next;
            attempts++;
        }

        Assert.InRange(at - Start, TimeSpan.FromDays(2.5), TimeSpan.FromDays(3));
        Assert.InRange(attempts, 10, 20);
    }
}

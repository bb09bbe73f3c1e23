using Fabriques.Notification.Domain;

namespace Fabriques.Notification.Tests.Domain;

public sealed class DeliveryTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RetrySchedule Schedule = new(TimeSpan.FromMinutes(1), TimeSpan.FromHours(12), TimeSpan.FromDays(3));

    private static Delivery NewDelivery() => Delivery.Schedule(Guid.NewGuid(), Guid.NewGuid(), "fr.anct.fabriques.grant.awarded", "{}", Start);

    [Fact]
    public void A_2xx_delivers_it()
    {
        var delivery = NewDelivery();

        var attempt = delivery.Record(AttemptStatus.Succeeded, 204, null, Schedule, Start, delivery.NextAttemptAt);

        Assert.Equal((DeliveryStatus.Delivered, 1, (DateTimeOffset?)null), (delivery.Status, attempt.Attempt, delivery.NextAttemptAt));
    }

    [Theory]
    [InlineData(AttemptStatus.Failed, 500)]
    [InlineData(AttemptStatus.Failed, 429)]
    [InlineData(AttemptStatus.TimedOut, null)]
    [InlineData(AttemptStatus.Unreachable, null)]
    public void Any_other_outcome_is_tried_again_later(AttemptStatus outcome, int? httpStatus)
    {
        var delivery = NewDelivery();

        var attempt = delivery.Record(outcome, httpStatus, "échec", Schedule, Start, delivery.NextAttemptAt);

        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(Start.AddMinutes(1), delivery.NextAttemptAt);
        Assert.Equal(delivery.NextAttemptAt, attempt.NextAttemptAt);
    }

    [Fact]
    public void A_410_gives_up_at_once()
    {
        var delivery = NewDelivery();

        delivery.Record(AttemptStatus.Failed, 410, "Réponse HTTP 410.", Schedule, Start, delivery.NextAttemptAt);

        Assert.Equal((DeliveryStatus.Failed, (DateTimeOffset?)null), (delivery.Status, delivery.NextAttemptAt));
    }

    [Fact]
    public void After_three_days_of_failures_it_gives_up_and_redeliver_starts_again()
    {
        var delivery = NewDelivery();
        while (delivery.NextAttemptAt is { } next)
        {
            delivery.Record(AttemptStatus.Failed, 503, null, Schedule, next, next);
        }
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);

        delivery.Redeliver(Start.AddDays(4));

        Assert.Equal((DeliveryStatus.Pending, Start.AddDays(4)), (delivery.Status, delivery.NextAttemptAt));
    }

    [Fact]
    public void Redeliver_asked_while_an_attempt_is_under_way_is_not_lost_when_that_attempt_succeeds()
    {
        var delivery = NewDelivery();
        var leasedUntil = Start.AddMinutes(2); // what the dispatcher's lease wrote when it took the delivery
        delivery.Redeliver(Start.AddSeconds(5)); // the owner, while the receiver was answering

        var attempt = delivery.Record(AttemptStatus.Succeeded, 204, null, Schedule, Start.AddSeconds(6), leasedUntil);

        Assert.Equal((DeliveryStatus.Pending, Start.AddSeconds(5)), (delivery.Status, delivery.NextAttemptAt));
        Assert.Equal((AttemptStatus.Succeeded, (DateTimeOffset?)Start.AddSeconds(5)), (attempt.Status, attempt.NextAttemptAt));
    }
}

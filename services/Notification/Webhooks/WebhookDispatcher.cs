using System.Collections.Concurrent;
using System.Diagnostics;
using Fabriques.Messaging.Background;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Feed;
using Fabriques.Notification.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fabriques.Notification.Webhooks;

/// <summary>
/// POSTs due deliveries to their subscribers, signed per Standard Webhooks, and records every attempt. Deliveries run
/// in parallel, each with its own timeout, at most a few per subscription and per owner: a slow or dead receiver, or an
/// owner with a huge backlog, holds its own slots only, never another owner's. Each round takes the owners in turn
/// (each one's most overdue delivery first, then each one's second...). The schedule is in the database, so a restart
/// loses nothing.
/// </summary>
/// <remarks>
/// While nothing is due the dispatcher sleeps: woken by the commit of a delivery scheduled in this process, a
/// redelivery asked of it or a slot freed (<see cref="WebhookSignal"/>), at the next retry's time, or by its poll
/// (<see cref="WebhookOptions.PollInterval"/>), for deliveries another replica scheduled.
/// A batch is taken by pushing each delivery's next attempt past a lease (longer than the timeout), under
/// <c>FOR UPDATE SKIP LOCKED</c>: replicas never POST the same delivery at once, and a crashed replica's deliveries
/// are taken again when their lease ends.
/// </remarks>
public sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes,
    WebhookClient client,
    WebhookSecrets secrets,
    WebhookSignal signal,
    IOptions<WebhookOptions> options,
    NotificationMetrics metrics,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    /// <summary>Deliveries in flight in this process, by subscription.</summary>
    private readonly ConcurrentDictionary<Guid, int> _inFlight = new();
    /// <summary>Deliveries in flight in this process, by subscription owner.</summary>
    private readonly ConcurrentDictionary<string, int> _inFlightByOwner = new(StringComparer.Ordinal);
    private int _inFlightTotal;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var free = settings.MaxConcurrentDeliveries - Volatile.Read(ref _inFlightTotal);
                var claimed = free > 0 ? await ClaimAsync(free, settings, stoppingToken) : [];
                failures = 0;
                foreach (var delivery in claimed)
                {
                    Start(delivery, settings, stoppingToken);
                }
                // Asleep until a delivery is scheduled here or a slot frees up, the next retry falls due (known only
                // once this round took every delivery due now), or the poll.
                var nextDue = free > 0 && claimed.Count < free ? await NextDueAsync(stoppingToken) : null;
                await signal.WaitAsync(settings.PollInterval, nextDue, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogDispatcherFailed(logger, exception);
                // Back soon after a blip (a database failover), every poll interval through a longer outage.
                await Task.Delay(FailureBackoff.After(++failures, settings.PollInterval), time, stoppingToken);
            }
        }
    }

    private async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().NextDueDeliveryAsync(time.GetUtcNow(), ct);
    }

    /// <summary>
    /// Takes up to <paramref name="free"/> due deliveries of active subscriptions that have no delivery in flight here,
    /// within each owner's remaining slots, round-robin over the owners.
    /// </summary>
    private async Task<List<ClaimedDelivery>> ClaimAsync(int free, WebhookOptions settings, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var now = time.GetUtcNow();
        // Whole microseconds, as PostgreSQL keeps them: the value read back when the attempt is recorded is this one.
        var leaseUntil = now + settings.Timeout + TimeSpan.FromMinutes(1);
        leaseUntil = leaseUntil.AddTicks(-(leaseUntil.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
        var owners = _inFlightByOwner.ToArray();
        var ids = await db.LeaseDueDeliveriesAsync(now, leaseUntil, _inFlight.Keys.ToArray(),
            [.. owners.Select(o => o.Key)], [.. owners.Select(o => o.Value)], settings, free, ct);
        if (ids.Count == 0)
        {
            return [];
        }
        var claimed = await db.Deliveries
            .Where(d => ids.Contains(d.Id))
            .Join(db.Subscriptions, d => d.SubscriptionId, s => s.Id,
                (d, s) => new { d.Id, d.SubscriptionId, s.OwnerId, d.EventId, d.Payload, s.Url, s.ProtectedSecret, s.PreviousProtectedSecret, s.PreviousSecretExpiresAt })
            .ToListAsync(ct);
        // Unprotected here, in memory only, for the POST: during a rotation's overlap both secrets sign.
        return [.. claimed.Select(c => new ClaimedDelivery(c.Id, c.SubscriptionId, c.OwnerId, c.EventId, c.Payload, c.Url,
            [.. Subscription.SigningSecrets(c.ProtectedSecret, c.PreviousProtectedSecret, c.PreviousSecretExpiresAt, now).Select(secrets.Unprotect)],
            leaseUntil))];
    }

    private void Start(ClaimedDelivery delivery, WebhookOptions settings, CancellationToken stoppingToken)
    {
        _inFlight.AddOrUpdate(delivery.SubscriptionId, 1, (_, n) => n + 1);
        _inFlightByOwner.AddOrUpdate(delivery.OwnerId, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _inFlightTotal);
        _ = Task.Run(async () =>
        {
            try
            {
                await DeliverAsync(delivery, settings, stoppingToken);
            }
            catch (Exception exception)
            {
                // Not recorded (database down, or the service stopping): the lease ends and the delivery is taken again.
                if (!stoppingToken.IsCancellationRequested)
                {
                    LogDeliveryFailed(logger, exception, delivery.DeliveryId);
                }
            }
            finally
            {
                if (_inFlight.AddOrUpdate(delivery.SubscriptionId, 0, (_, n) => n - 1) == 0)
                {
                    _inFlight.TryRemove(new KeyValuePair<Guid, int>(delivery.SubscriptionId, 0));
                }
                if (_inFlightByOwner.AddOrUpdate(delivery.OwnerId, 0, (_, n) => n - 1) == 0)
                {
                    _inFlightByOwner.TryRemove(new KeyValuePair<string, int>(delivery.OwnerId, 0));
                }
                Interlocked.Decrement(ref _inFlightTotal);
                signal.Notify();
            }
        }, CancellationToken.None);
    }

    private async Task DeliverAsync(ClaimedDelivery claimed, WebhookOptions settings, CancellationToken stoppingToken)
    {
        // In the trace of the event (its payload carries it): the POST's client span and the record nest under it.
        using var activity = NotificationTracing.Source.StartActivity(
            "webhook deliver", ActivityKind.Internal, CloudEvent.TraceContextOf(claimed.Payload));
        activity?.SetTag("webhook.delivery.id", claimed.DeliveryId);
        activity?.SetTag("webhook.subscription.id", claimed.SubscriptionId);
        activity?.SetTag("cloudevents.event_id", claimed.EventId);
        var (outcome, httpStatus, error) = await client.PostAsync(claimed, settings, stoppingToken);
        metrics.WebhookAttempted(outcome, httpStatus);
        activity?.SetTag("webhook.outcome", outcome.ToString());
        if (outcome != AttemptStatus.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Locked while recorded, as a redelivery locks it: one of the two reads what the other wrote.
            var delivery = await db.Deliveries.LockedAsync(claimed.DeliveryId, ct);
            if (delivery is null)
            {
                return; // the subscription was deleted meanwhile
            }
            var attempt = delivery.Record(outcome, httpStatus, error, settings.Retry.ToSchedule(), time.GetUtcNow(), claimed.LeasedUntil);
            db.DeliveryAttempts.Add(attempt);
            if (Delivery.IsGone(httpStatus))
            {
                // 410: the receiver says this endpoint is gone for good.
                var subscription = await db.Subscriptions.SingleAsync(s => s.Id == claimed.SubscriptionId, ct);
                subscription.Disable(time.GetUtcNow());
                LogSubscriptionGone(logger, claimed.SubscriptionId, claimed.DeliveryId);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook dispatcher failed; it tries again shortly")]
    private static partial void LogDispatcherFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} disabled: its receiver answered 410 Gone to delivery {DeliveryId}")]
    private static partial void LogSubscriptionGone(ILogger logger, Guid subscriptionId, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording webhook delivery {DeliveryId} failed; it is retried when its lease ends")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, Guid deliveryId);
}

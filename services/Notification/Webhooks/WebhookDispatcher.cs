using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
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
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var free = settings.MaxConcurrentDeliveries - Volatile.Read(ref _inFlightTotal);
                if (free > 0)
                {
                    foreach (var delivery in await ClaimAsync(free, settings, stoppingToken))
                    {
                        Start(delivery, settings, stoppingToken);
                    }
                }
                await signal.WaitAsync(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogDispatcherFailed(logger, exception);
                await Task.Delay(settings.PollInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Takes up to <paramref name="free"/> due deliveries of active subscriptions that have no delivery in flight here,
    /// within each owner's remaining slots, round-robin over the owners.
    /// </summary>
    private async Task<List<Claimed>> ClaimAsync(int free, WebhookOptions settings, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var now = time.GetUtcNow();
        var leaseUntil = now + settings.Timeout + TimeSpan.FromMinutes(1);
        var busy = _inFlight.Keys.ToArray();
        var owners = _inFlightByOwner.ToArray();
        var busyOwners = owners.Select(o => o.Key).ToArray();
        var busyOwnerCounts = owners.Select(o => o.Value).ToArray();
        var ids = await db.Database.SqlQuery<Guid>($"""
            UPDATE webhook_deliveries SET next_attempt_at = {leaseUntil}
            WHERE status = 'pending' AND next_attempt_at <= {now}
              AND id IN (
                  SELECT id FROM webhook_deliveries
                  WHERE id IN (
                      SELECT due.id FROM (
                          SELECT d.id, d.next_attempt_at,
                                 row_number() OVER (PARTITION BY d.subscription_id ORDER BY d.next_attempt_at, d.id) AS rank,
                                 row_number() OVER (PARTITION BY s.owner_id ORDER BY d.next_attempt_at, d.id) AS owner_rank,
                                 coalesce(owner_busy.in_flight, 0) AS owner_in_flight
                          FROM webhook_deliveries d
                          JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.status = 'active'
                          LEFT JOIN unnest({busyOwners}::text[], {busyOwnerCounts}::integer[]) AS owner_busy(owner_id, in_flight)
                            ON owner_busy.owner_id = s.owner_id
                          WHERE d.status = 'pending' AND d.next_attempt_at <= {now}
                            AND NOT (d.subscription_id = ANY({busy}))
                      ) due
                      WHERE due.rank <= {settings.MaxConcurrentPerSubscription}
                        AND due.owner_rank + due.owner_in_flight <= {settings.MaxConcurrentPerOwner}
                      ORDER BY due.owner_rank, due.next_attempt_at
                      LIMIT {free})
                  FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Value"
            """).ToListAsync(ct);
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
        return [.. claimed.Select(c => new Claimed(c.Id, c.SubscriptionId, c.OwnerId, c.EventId, c.Payload, c.Url,
            [.. Subscription.SigningSecrets(c.ProtectedSecret, c.PreviousProtectedSecret, c.PreviousSecretExpiresAt, now).Select(secrets.Unprotect)]))];
    }

    private void Start(Claimed delivery, WebhookOptions settings, CancellationToken stoppingToken)
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

    private async Task DeliverAsync(Claimed claimed, WebhookOptions settings, CancellationToken stoppingToken)
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
        var delivery = await db.Deliveries.SingleOrDefaultAsync(d => d.Id == claimed.DeliveryId, stoppingToken);
        if (delivery is null)
        {
            return; // the subscription was deleted meanwhile
        }
        var attempt = delivery.Record(outcome, httpStatus, error, settings.Retry.ToSchedule(), time.GetUtcNow());
        db.DeliveryAttempts.Add(attempt);
        if (Delivery.IsGone(httpStatus))
        {
            // 410: the receiver says this endpoint is gone for good.
            var subscription = await db.Subscriptions.SingleAsync(s => s.Id == claimed.SubscriptionId, stoppingToken);
            subscription.Disable(time.GetUtcNow());
            LogSubscriptionGone(logger, claimed.SubscriptionId, claimed.DeliveryId);
        }
        await db.SaveChangesAsync(stoppingToken);
    }

    /// <summary>A delivery taken by this dispatcher, with what its POST needs.</summary>
    public sealed record Claimed(Guid DeliveryId, Guid SubscriptionId, string OwnerId, Guid EventId, string Payload, string Url, IReadOnlyList<string> Secrets);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook dispatcher failed; it tries again shortly")]
    private static partial void LogDispatcherFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} disabled: its receiver answered 410 Gone to delivery {DeliveryId}")]
    private static partial void LogSubscriptionGone(ILogger logger, Guid subscriptionId, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording webhook delivery {DeliveryId} failed; it is retried when its lease ends")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, Guid deliveryId);
}

/// <summary>Wakes the dispatcher when a delivery is asked again or a slot frees up.</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await _signal.WaitAsync(timeout, ct);
}

/// <summary>One signed POST of a CloudEvent to a subscriber, with the delivery timeout.</summary>
public sealed class WebhookClient(WebhookTargetGuard guard, TimeProvider time) : IDisposable
{
    private readonly HttpClient _http = new(guard.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<(AttemptStatus Outcome, int? HttpStatus, string? Error)> PostAsync(
        WebhookDispatcher.Claimed delivery, WebhookOptions settings, CancellationToken stoppingToken)
    {
        if (WebhookTargets.CheckUrl(delivery.Url, settings.AllowInsecureTargets, out _) is { } refusal)
        {
            return (AttemptStatus.Refused, null, refusal);
        }
        var id = delivery.EventId.ToString();
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, new MediaTypeHeaderValue(CloudEvent.MediaType) { CharSet = "utf-8" }),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Header(delivery.Secrets, id, timestamp, delivery.Payload));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? (AttemptStatus.Succeeded, status, null)
                : (AttemptStatus.Failed, status, $"Réponse HTTP {status}.");
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (AttemptStatus.TimedOut, null, $"Pas de réponse en {settings.Timeout.TotalSeconds:0.#} s.");
        }
        // The log says what kind of failure it was, never the exception's text: what a name resolves to, or which
        // port answered, would make the delivery log a scanner of what the service can reach.
        catch (HttpRequestException exception) when (exception.InnerException is WebhookTargetRefusedException)
        {
            return (AttemptStatus.Refused, null, DeliveryAttempt.RefusedText);
        }
        catch (HttpRequestException)
        {
            return (AttemptStatus.Unreachable, null, DeliveryAttempt.UnreachableText);
        }
    }

    public void Dispose() => _http.Dispose();
}

using System.Globalization;
using Fabriques.Messaging.DeadLetters;
using Fabriques.Messaging.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fabriques.Messaging.Maintenance;

/// <summary>
/// Housekeeping of the messaging tables and queues: deletes sent outbox rows and processed inbox rows older than
/// the retention, and idempotency records past their 24 h (so tables stay bounded); samples the dead letter count.
/// The purge runs once per <see cref="MessagingOptions.MaintenanceInterval"/> across replicas: the first replica to
/// tick in a period claims it (<see cref="MaintenanceTick"/>), the others only sample their dead letters.
/// </summary>
internal sealed partial class MessagingJanitor<TDbContext>(
    IServiceScopeFactory scopes,
    DeadLetterQueues deadLetters,
    MessagingMetrics metrics,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<MessagingJanitor<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    private const int DeleteBatch = 5_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MaintenanceInterval, time);
        do
        {
            try
            {
                await RunTickAsync(stoppingToken);
                metrics.DeadLetters(await deadLetters.CountAsync(stoppingToken));
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Purges if no replica did in the current period; traced (<c>messaging maintenance</c>, with the period and
    /// whether this replica ran it) so that operators see which replica did the work.
    /// </summary>
    public async Task<bool> RunTickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var interval = options.Value.MaintenanceInterval.Ticks;
        var tick = new DateTimeOffset(now.UtcTicks - (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % interval, TimeSpan.Zero);
        using var activity = MessagingMetrics.ActivitySource.StartActivity("messaging maintenance");
        activity?.SetTag(TickTag, tick.ToString("O", CultureInfo.InvariantCulture));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO messaging.maintenance_ticks (tick, ran_at, runner) VALUES ({tick}, {now}, {Environment.MachineName})
            ON CONFLICT (tick) DO NOTHING
            """, cancellationToken) == 1;
        activity?.SetTag(RanTag, claimed ? "true" : "false");
        if (claimed)
        {
            var deleted = await PurgeAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync(
                $"DELETE FROM messaging.maintenance_ticks WHERE tick < {now - options.Value.Retention}", cancellationToken);
            activity?.SetTag("messaging.maintenance.deleted", deleted);
        }
        return claimed;
    }

    /// <summary>Span attribute: the period (its start, ISO 8601) a maintenance run belongs to.</summary>
    public const string TickTag = "messaging.maintenance.tick";

    /// <summary>Span attribute: "true" when this replica ran the period's purge, "false" when another had.</summary>
    public const string RanTag = "messaging.maintenance.ran";

    /// <summary>Deletes, in small batches so no long lock is held, what the retention no longer needs.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = now - options.Value.Retention;
        var expired = now - IdempotencyMiddleware.Lifetime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var deleted = 0;
        int batch;
        do
        {
            batch = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM messaging.outbox_messages WHERE id IN (
                    SELECT id FROM messaging.outbox_messages WHERE sent_at < {before} LIMIT {DeleteBatch})
                """, cancellationToken);
            batch += await db.Database.ExecuteSqlAsync($"""
                DELETE FROM messaging.inbox_messages WHERE (event_id, consumer) IN (
                    SELECT event_id, consumer FROM messaging.inbox_messages WHERE processed_at < {before} LIMIT {DeleteBatch})
                """, cancellationToken);
            batch += await db.Database.ExecuteSqlAsync($"""
                DELETE FROM messaging.idempotency_keys WHERE (subject, method, path, key) IN (
                    SELECT subject, method, path, key FROM messaging.idempotency_keys WHERE created_at < {expired} LIMIT {DeleteBatch})
                """, cancellationToken);
            deleted += batch;
        }
        while (batch > 0);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Messaging maintenance failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

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
                await PurgeAsync(stoppingToken);
                metrics.DeadLetters(await deadLetters.CountAsync(stoppingToken));
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

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

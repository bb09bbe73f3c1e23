using Fabriques.Notification.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fabriques.Notification.Retention;

/// <summary>
/// Purges, past their retention, the feed's events, webhook deliveries (their attempts go with them), e-mail bodies
/// and then e-mails. In small batches, so no long lock is held; safe with replicas (each DELETE is idempotent).
/// </summary>
public sealed partial class RetentionJanitor(
    IServiceScopeFactory scopes,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionJanitor> logger) : BackgroundService
{
    private const int Batch = 5_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: deletes or blanks what is past its retention; answers how many rows it touched.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var retention = options.Value;
        var feedBefore = now - retention.FeedEvents;
        var deliveriesBefore = now - retention.DeliveryLogs;
        var bodiesBefore = now - retention.EmailBodies;
        var emailsBefore = now - retention.Emails;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var touched = 0;
        int batch;
        do
        {
            batch = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM feed_events WHERE position IN (
                    SELECT position FROM feed_events WHERE received_at < {feedBefore} LIMIT {Batch})
                """, cancellationToken);
            batch += await db.Database.ExecuteSqlAsync($"""
                DELETE FROM webhook_deliveries WHERE id IN (
                    SELECT id FROM webhook_deliveries WHERE created_at < {deliveriesBefore} LIMIT {Batch})
                """, cancellationToken);
            batch += await db.Database.ExecuteSqlAsync($"""
                DELETE FROM emails WHERE id IN (
                    SELECT id FROM emails WHERE created_at < {emailsBefore} AND status <> 'pending' LIMIT {Batch})
                """, cancellationToken);
            batch += await db.Database.ExecuteSqlAsync($"""
                UPDATE emails SET html_body = '', text_body = '' WHERE id IN (
                    SELECT id FROM emails
                    WHERE created_at < {bodiesBefore} AND status <> 'pending' AND (html_body <> '' OR text_body <> '')
                    LIMIT {Batch})
                """, cancellationToken);
            touched += batch;
        }
        while (batch > 0);
        return touched;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention purge failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

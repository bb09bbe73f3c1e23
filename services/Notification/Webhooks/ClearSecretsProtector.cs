using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Webhooks;

/// <summary>
/// After the start: protects the secrets stored in clear before they were protected (issue 17), so that none stays
/// readable in the database or its backups. Safe to run on every start and on several replicas at once: it takes the
/// rows it rewrites under lock, and finds none the next time. In the background and retried, so a database not there
/// yet does not keep the service from starting (its readiness says so); meanwhile a clear secret still signs
/// (<see cref="WebhookSecrets.Unprotect"/>).
/// </summary>
public sealed partial class ClearSecretsProtector(IServiceScopeFactory scopes, WebhookSecrets secrets, ILogger<ClearSecretsProtector> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                if (await ProtectAsync(stoppingToken) is var count and > 0)
                {
                    LogProtected(logger, count);
                }
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogNotYet(logger, exception, RetryAfter.TotalSeconds);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    /// <summary>Protects every secret still in clear; returns how many subscriptions it rewrote.</summary>
    public async Task<int> ProtectAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var clear = await db.Subscriptions
                .FromSql($"""
                    SELECT * FROM webhook_subscriptions
                    WHERE starts_with(protected_secret, {WebhookSignature.SecretPrefix}) OR starts_with(previous_protected_secret, {WebhookSignature.SecretPrefix})
                    FOR UPDATE
                    """)
                .ToListAsync(ct);
            foreach (var subscription in clear)
            {
                subscription.ReplaceClearSecrets(secrets.Protect);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return clear.Count;
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Protected the signing secrets of {Count} webhook subscriptions stored in clear")]
    private static partial void LogProtected(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not yet look for webhook secrets stored in clear; trying again in {Seconds} s")]
    private static partial void LogNotYet(ILogger logger, Exception exception, double seconds);
}

using Fabriques.Candidature.Data;
using Fabriques.Messaging.Outbox;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Candidature.Features;

/// <summary>
/// Publishes <c>WaveOpened</c> and <c>WaveClosed</c> when the clock reaches a wave's opening and deadline, once, however
/// many replicas run: a due wave is taken under a row lock (<c>FOR UPDATE SKIP LOCKED</c>), its announcement flag set
/// and its event written to the outbox in one transaction; another replica skips it, or finds the flag set.
/// </summary>
public sealed partial class AnnounceWaves(IServiceScopeFactory scopes, TimeProvider time, ILogger<AnnounceWaves> logger) : BackgroundService
{
    /// <summary>How often to look (real time); the injected clock says what is due.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            do
            {
                try
                {
                    await AnnounceDueAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, exception); // the database may be down: the next tick tries again
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Announces every wave whose opening or deadline has come and was not announced yet.</summary>
    public async Task AnnounceDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CandidatureDbContext>();
        await db.InTransactionAsync(async ct =>
        {
            var now = time.GetUtcNow();
            var due = await db.Waves
                .FromSql($"""
                    SELECT * FROM waves
                    WHERE (NOT opening_announced AND opens_at <= {now}) OR (NOT closing_announced AND deadline <= {now})
                    ORDER BY opens_at
                    FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(ct);
            foreach (var @event in due.SelectMany(wave => wave.Announce(now)))
            {
                db.Publish(@event);
            }
            return await db.SaveChangesAsync(ct);
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing due waves failed; retrying at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

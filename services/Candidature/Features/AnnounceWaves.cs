using Fabriques.Candidature.Data;
using Fabriques.Messaging.Outbox;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fabriques.Candidature.Features;

/// <summary>
/// Publishes <c>WaveOpened</c> and <c>WaveClosed</c> when the clock reaches a wave's opening and deadline, once, however
/// many replicas run: a due wave is taken under a row lock (<c>FOR UPDATE SKIP LOCKED</c>), its announcement flag set
/// and its event written to the outbox in one transaction; another replica skips it, or finds the flag set.
/// </summary>
/// <remarks>
/// Between announcements it sleeps until the next opening or deadline of the schedule, woken earlier when this process
/// schedules a wave (<see cref="WaveSignal"/>) and by its poll (<see cref="WaveAnnouncementOptions.PollInterval"/>), for
/// waves another replica scheduled.
/// </remarks>
public sealed partial class AnnounceWaves(
    IServiceScopeFactory scopes, WaveSignal signal, IOptions<WaveAnnouncementOptions> options, TimeProvider time,
    ILogger<AnnounceWaves> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.PollInterval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                DateTimeOffset? next = null;
                try
                {
                    await AnnounceDueAsync(stoppingToken);
                    next = await NextAnnouncementAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, exception); // the database may be down: the poll tries again
                }
                // The schedule is on the business clock, which a test may move by hand; the poll on the wall clock.
                await signal.WaitAsync(poll, next, time, stoppingToken);
            }
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

    /// <summary>
    /// The next opening or deadline not announced yet, null when none is scheduled. Only future ones: one due now that
    /// was not announced is another replica's, being announced.
    /// </summary>
    private async Task<DateTimeOffset?> NextAnnouncementAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CandidatureDbContext>();
        var now = time.GetUtcNow();
        return await db.Waves
            .Where(w => !w.ClosingAnnounced)
            .Select(w => w.OpeningAnnounced ? w.Deadline : w.OpensAt)
            .Where(at => at > now)
            .MinAsync(at => (DateTimeOffset?)at, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing due waves failed; retrying at the next poll")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

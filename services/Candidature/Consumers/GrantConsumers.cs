using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Contracts.Grants;
using Fabriques.Messaging;
using Fabriques.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Candidature.Consumers;

/// <summary>
/// The grants service could not fund an accepted candidature: it goes back under review with the reason in its
/// history, and gives its laureate place back to the wave.
/// </summary>
public sealed partial class GrantAwardRefusedConsumer(
    CandidatureDbContext db, MessagingMetrics metrics, TimeProvider time, ILogger<GrantAwardRefusedConsumer> logger)
    : IdempotentConsumer<GrantAwardRefused, CandidatureDbContext>(db, metrics, time)
{
    /// <summary>Who moved the candidature, in its history.</summary>
    public const string By = "service:grants";

    protected override async Task HandleAsync(GrantAwardRefused e, CancellationToken cancellationToken)
    {
        var dossier = await Db.Candidatures.SingleOrDefaultAsync(d => d.Id == e.CandidatureId, cancellationToken);
        if (dossier is null || !dossier.Allows(CandidatureAction.RefuseGrant))
        {
            LogIgnored(logger, e.CandidatureId, dossier?.State);
            return; // already reopened or never accepted here: nothing to undo
        }
        var reason = string.IsNullOrWhiteSpace(e.Reason) ? "La subvention n'a pas pu être attribuée." : e.Reason;
        dossier.Apply(CandidatureAction.RefuseGrant, By, Time.GetUtcNow(), reason);
        await Db.ReleaseLaureatePlaceAsync(dossier.WaveId!.Value, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "GrantAwardRefused for candidature {CandidatureId} ignored: its state is {State}")]
    private static partial void LogIgnored(ILogger logger, Guid candidatureId, CandidatureState? state);
}

/// <summary>An instalment of a candidature's grant was paid: its decision can no longer be reopened.</summary>
public sealed class InstalmentPaidConsumer(CandidatureDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<InstalmentPaid, CandidatureDbContext>(db, metrics, time)
{
    protected override async Task HandleAsync(InstalmentPaid e, CancellationToken cancellationToken)
    {
        var dossier = await Db.Candidatures.SingleOrDefaultAsync(d => d.Id == e.CandidatureId, cancellationToken);
        dossier?.RecordInstalmentPaid();
    }
}

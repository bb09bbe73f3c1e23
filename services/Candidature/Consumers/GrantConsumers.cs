using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Contracts;
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
        // A refusal answers one acceptance: once the candidature was reopened (and maybe accepted again) it is old news.
        if (dossier is null || !dossier.Allows(CandidatureAction.RefuseGrant) || (e.Acceptance != 0 && e.Acceptance != dossier.Sequence))
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

/// <summary>Knows a grant from its events, whatever order they come in: each one only adds what it says.</summary>
public abstract class GrantStandingConsumer<TEvent>(CandidatureDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<TEvent, CandidatureDbContext>(db, metrics, time)
    where TEvent : IntegrationEvent
{
    protected async Task<KnownGrant> GrantAsync(Guid grantId, Guid? candidatureId, Guid placeId, int acceptance, CancellationToken cancellationToken)
    {
        // Events of one grant may be consumed at once: the row lock makes the second wait and see the first.
        var grant = await Db.Grants.FromSql($"SELECT * FROM grants WHERE id = {grantId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (grant is null)
        {
            grant = KnownGrant.Learn(grantId, candidatureId, placeId, acceptance);
            Db.Grants.Add(grant);
        }
        return grant;
    }
}

/// <summary>
/// The grants service changed the programme's settings: submissions are checked against its caps, durations and
/// targets from now on. An older announcement arriving late changes nothing.
/// </summary>
public sealed class ProgrammeSettingsChangedConsumer(CandidatureDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<ProgrammeSettingsChanged, CandidatureDbContext>(db, metrics, time)
{
    protected override Task HandleAsync(ProgrammeSettingsChanged e, CancellationToken cancellationToken)
    {
        var rules = ProgrammeRules.From(e);
        return Db.Database.ExecuteSqlAsync($"""
            INSERT INTO programme_rules (id, max_per_year, min_total, max_total, durations, qpv_target, digital_target,
                                         outside_large_urban_centres_target, as_of)
            VALUES ({rules.Id}, {rules.MaxPerYear}, {rules.MinTotal}, {rules.MaxTotal}, {rules.Durations}, {rules.QpvTarget},
                    {rules.DigitalTarget}, {rules.OutsideLargeUrbanCentresTarget}, {rules.AsOf})
            ON CONFLICT (id) DO UPDATE SET
                max_per_year = excluded.max_per_year, min_total = excluded.min_total, max_total = excluded.max_total,
                durations = excluded.durations, qpv_target = excluded.qpv_target, digital_target = excluded.digital_target,
                outside_large_urban_centres_target = excluded.outside_large_urban_centres_target, as_of = excluded.as_of
            WHERE programme_rules.as_of <= excluded.as_of
            """, cancellationToken);
    }
}

/// <summary>A grant was awarded: the candidature shows it, and its place cannot be funded again while it holds.</summary>
public sealed class GrantAwardedConsumer(CandidatureDbContext db, MessagingMetrics metrics, TimeProvider time)
    : GrantStandingConsumer<GrantAwarded>(db, metrics, time)
{
    protected override Task HandleAsync(GrantAwarded e, CancellationToken cancellationToken) =>
        GrantAsync(e.GrantId, e.Origin == GrantOrigin.Import ? null : e.CandidatureId, e.PlaceId, e.Acceptance, cancellationToken);
}

/// <summary>
/// A grant was cancelled (by a gestionnaire, or because its acceptance was undone): the candidature shows it, and a
/// decision that a paid instalment made final can be reopened again.
/// </summary>
public sealed class GrantCancelledConsumer(CandidatureDbContext db, MessagingMetrics metrics, TimeProvider time)
    : GrantStandingConsumer<GrantCancelled>(db, metrics, time)
{
    protected override async Task HandleAsync(GrantCancelled e, CancellationToken cancellationToken) =>
        (await GrantAsync(e.GrantId, e.CandidatureId, e.PlaceId, e.Acceptance, cancellationToken)).Cancel();
}

/// <summary>An instalment of a candidature's grant was paid: while the grant holds, its decision can no longer be reopened.</summary>
public sealed class InstalmentPaidConsumer(CandidatureDbContext db, MessagingMetrics metrics, TimeProvider time)
    : GrantStandingConsumer<InstalmentPaid>(db, metrics, time)
{
    protected override async Task HandleAsync(InstalmentPaid e, CancellationToken cancellationToken) =>
        (await GrantAsync(e.GrantId, e.CandidatureId, e.PlaceId, e.Acceptance, cancellationToken)).RecordPayment();
}

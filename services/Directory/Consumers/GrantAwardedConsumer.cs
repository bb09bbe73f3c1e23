using Fabriques.Contracts.Directory;
using Fabriques.Contracts.Grants;
using Fabriques.Directory.Data;
using Fabriques.Directory.Domain;
using Fabriques.Directory.Telemetry;
using Fabriques.Messaging;
using Fabriques.Messaging.Inbox;
using Fabriques.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Directory.Consumers;

/// <summary>
/// A grant makes its place a Fabrique: its labels (Fabrique de Territoire, and also Fabrique numérique for a digital
/// grant) are added, dated, and a <c>PlaceLabelled</c> published for each.
/// </summary>
public sealed class GrantAwardedConsumer(
    DirectoryDbContext db, MessagingMetrics metrics, TimeProvider time, ILogger<GrantAwardedConsumer> logger)
    : IdempotentConsumer<GrantAwarded, DirectoryDbContext>(db, metrics, time)
{
    protected override async Task HandleAsync(GrantAwarded awarded, CancellationToken cancellationToken)
    {
        // A grant is only awarded to a place of the directory: an unknown one is a fault for the error queue, not to drop.
        var place = await Db.Places.SingleOrDefaultAsync(p => p.Id == awarded.PlaceId, cancellationToken)
            ?? throw new InvalidOperationException($"Grant {awarded.GrantId} was awarded to place {awarded.PlaceId}, unknown to the directory.");
        var now = Time.GetUtcNow();
        foreach (var label in place.AddLabels(awarded.GrantId, awarded.Digital, FrenchDate.Of(awarded.OccurredAt), now))
        {
            Db.Publish(new PlaceLabelled { PlaceId = place.Id, OccurredAt = now, Label = label.Label, Since = label.Since, GrantId = awarded.GrantId });
            logger.Labelled(place.Id, label.Label, awarded.GrantId);
        }
    }
}

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

/// <summary>A grant makes its place a Fabrique: the label (digital or not) is added, dated, and <c>PlaceLabelled</c> published.</summary>
public sealed class GrantAwardedConsumer(
    DirectoryDbContext db, MessagingMetrics metrics, TimeProvider time, ILogger<GrantAwardedConsumer> logger)
    : IdempotentConsumer<GrantAwarded, DirectoryDbContext>(db, metrics, time)
{
    protected override async Task HandleAsync(GrantAwarded awarded, CancellationToken cancellationToken)
    {
        // A grant is only awarded to a place of the directory: an unknown one is a fault for the error queue, not to drop.
        var place = await Db.Places.SingleOrDefaultAsync(p => p.Id == awarded.PlaceId, cancellationToken)
            ?? throw new InvalidOperationException($"Grant {awarded.GrantId} was awarded to place {awarded.PlaceId}, unknown to the directory.");
        var label = new PlaceLabel(
            awarded.Digital ? PlaceLabelled.FabriqueNumeriqueDeTerritoire : PlaceLabelled.FabriqueDeTerritoire,
            FrenchDate.Of(awarded.OccurredAt),
            awarded.GrantId);
        var now = Time.GetUtcNow();
        if (place.AddLabel(label, now))
        {
            Db.Publish(new PlaceLabelled { PlaceId = place.Id, OccurredAt = now, Label = label.Label, Since = label.Since, GrantId = label.GrantId });
            logger.Labelled(place.Id, label.Label, label.GrantId);
        }
    }
}

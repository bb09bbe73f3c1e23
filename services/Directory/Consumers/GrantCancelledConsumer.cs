using Fabriques.Contracts.Directory;
using Fabriques.Contracts.Grants;
using Fabriques.Directory.Data;
using Fabriques.Messaging;
using Fabriques.Messaging.Inbox;
using Fabriques.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Directory.Consumers;

/// <summary>A cancelled grant takes its labels away: a <c>PlaceLabelled</c> is published with <c>removed</c> for each.</summary>
public sealed class GrantCancelledConsumer(DirectoryDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<GrantCancelled, DirectoryDbContext>(db, metrics, time)
{
    protected override async Task HandleAsync(GrantCancelled cancelled, CancellationToken cancellationToken)
    {
        var place = await Db.Places.SingleOrDefaultAsync(p => p.Id == cancelled.PlaceId, cancellationToken);
        var now = Time.GetUtcNow();
        foreach (var removed in place?.RemoveLabels(cancelled.GrantId, now) ?? [])
        {
            Db.Publish(new PlaceLabelled
            {
                PlaceId = cancelled.PlaceId, OccurredAt = now, Label = removed.Label, Since = removed.Since, GrantId = cancelled.GrantId, Removed = true,
            });
        }
    }
}

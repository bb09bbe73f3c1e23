using Fabriques.Contracts.Directory;
using Fabriques.Grants.Data;
using Fabriques.Messaging;
using Fabriques.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Grants.Consumers;

/// <summary>Keeps the local copy of the directory's places that the import of historical grants reads.</summary>
public static class PlaceReadModel
{
    /// <summary>Inserts or replaces the place, unless what is stored is newer (registered and updated travel on different queues).</summary>
    public static Task UpsertAsync(
        GrantsDbContext db, Guid id, string? pivot, string departmentCode, string ownerId, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO known_places (id, pivot, department_code, owner_id, as_of)
            VALUES ({id}, {pivot}, {departmentCode}, {ownerId}, {asOf.ToUniversalTime()})
            ON CONFLICT (id) DO UPDATE SET
                pivot = excluded.pivot, department_code = excluded.department_code, owner_id = excluded.owner_id, as_of = excluded.as_of
            WHERE known_places.as_of <= excluded.as_of
            """, cancellationToken);
}

public sealed class PlaceRegisteredConsumer(GrantsDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<PlaceRegistered, GrantsDbContext>(db, metrics, time)
{
    protected override Task HandleAsync(PlaceRegistered e, CancellationToken cancellationToken) =>
        PlaceReadModel.UpsertAsync(Db, e.PlaceId, e.Pivot, e.DepartmentCode, e.OwnerId, e.OccurredAt, cancellationToken);
}

public sealed class PlaceUpdatedConsumer(GrantsDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<PlaceUpdated, GrantsDbContext>(db, metrics, time)
{
    protected override Task HandleAsync(PlaceUpdated e, CancellationToken cancellationToken) =>
        PlaceReadModel.UpsertAsync(Db, e.PlaceId, e.Pivot, e.DepartmentCode, e.OwnerId, e.OccurredAt, cancellationToken);
}

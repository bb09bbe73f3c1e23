using Fabriques.Candidature.Data;
using Fabriques.Contracts.Directory;
using Fabriques.Messaging;
using Fabriques.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Candidature.Consumers;

/// <summary>Keeps the local copy of the directory's places that eligibility, the département filter and the régions of instructeurs read.</summary>
public static class PlaceReadModel
{
    /// <summary>
    /// Inserts or replaces the place, unless what is stored is newer: registered and updated events travel on
    /// different queues, so they may arrive out of order.
    /// </summary>
    public static Task UpsertAsync(
        CandidatureDbContext db, Guid id, string name, string departmentCode, string regionCode, string ownerId, string? pivot,
        bool archived, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO places (id, name, department_code, region_code, owner_id, pivot, archived, as_of)
            VALUES ({id}, {name}, {departmentCode}, {regionCode}, {ownerId}, {pivot}, {archived}, {asOf.ToUniversalTime()})
            ON CONFLICT (id) DO UPDATE SET
                name = excluded.name, department_code = excluded.department_code, region_code = excluded.region_code,
                owner_id = excluded.owner_id, pivot = excluded.pivot, archived = excluded.archived, as_of = excluded.as_of
            WHERE places.as_of <= excluded.as_of
            """, cancellationToken);
}

public sealed class PlaceRegisteredConsumer(CandidatureDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<PlaceRegistered, CandidatureDbContext>(db, metrics, time)
{
    protected override Task HandleAsync(PlaceRegistered e, CancellationToken cancellationToken) =>
        PlaceReadModel.UpsertAsync(Db, e.PlaceId, e.Name, e.DepartmentCode, e.RegionCode, e.OwnerId, e.Pivot, archived: false, e.OccurredAt, cancellationToken);
}

public sealed class PlaceUpdatedConsumer(CandidatureDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<PlaceUpdated, CandidatureDbContext>(db, metrics, time)
{
    protected override Task HandleAsync(PlaceUpdated e, CancellationToken cancellationToken) =>
        PlaceReadModel.UpsertAsync(Db, e.PlaceId, e.Name, e.DepartmentCode, e.RegionCode, e.OwnerId, e.Pivot, e.Archived, e.OccurredAt, cancellationToken);
}

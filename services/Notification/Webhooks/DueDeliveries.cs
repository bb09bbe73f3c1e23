using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Webhooks;

/// <summary>The queries by which a dispatcher takes its next batch of webhook deliveries, and one of them is changed.</summary>
public static class DueDeliveries
{
    /// <summary>
    /// A delivery, locked until the caller's transaction ends: the dispatcher recording an attempt and its owner asking
    /// for a redelivery change the same row, and neither may overwrite what the other just wrote.
    /// </summary>
    public static Task<Delivery?> LockedAsync(this DbSet<Delivery> deliveries, Guid id, CancellationToken ct) =>
        deliveries.FromSql($"SELECT * FROM webhook_deliveries WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct);

    /// <inheritdoc cref="LockedAsync(DbSet{Delivery}, Guid, CancellationToken)"/>
    public static Task<Delivery?> LockedAsync(this DbSet<Delivery> deliveries, Guid subscriptionId, Guid eventId, CancellationToken ct) =>
        deliveries.FromSql($"SELECT * FROM webhook_deliveries WHERE subscription_id = {subscriptionId} AND event_id = {eventId} FOR UPDATE")
            .SingleOrDefaultAsync(ct);

    /// <summary>
    /// When the next pending delivery of an active subscription falls due (a retry, or one leased by a replica that
    /// stopped); null when none will. Only future ones: those due now are taken, in flight, or held by the limits.
    /// </summary>
    public static Task<DateTimeOffset?> NextDueDeliveryAsync(this NotificationDbContext db, DateTimeOffset now, CancellationToken ct) =>
        db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt > now
                        && db.Subscriptions.Any(s => s.Id == d.SubscriptionId && s.Status == SubscriptionStatus.Active))
            .MinAsync(d => d.NextAttemptAt, ct);

    /// <summary>
    /// Leases up to <paramref name="free"/> due deliveries (pending, next attempt passed) of active subscriptions, by
    /// pushing their next attempt to <paramref name="leaseUntil"/>; returns their ids.
    /// </summary>
    /// <remarks>
    /// One statement, so the choice and the lease cannot be split by another replica. From the inside out:
    /// <list type="number">
    /// <item><c>due</c>: the due deliveries of active subscriptions with no delivery in flight in this process
    /// (<paramref name="busy"/>), ranked per subscription by due time (window function <c>row_number</c>);</item>
    /// <item>at most <c>MaxConcurrentPerSubscription</c> of each subscription and, counting what is in flight here
    /// (<paramref name="busyOwners"/>, <paramref name="busyOwnerCounts"/>), <c>MaxConcurrentPerOwner</c> of each owner;
    /// <paramref name="free"/> in all, each owner's first before anyone's second (round-robin): neither a dead receiver's
    /// backlog nor one owner's many subscriptions can fill the batch;</item>
    /// <item><c>FOR UPDATE SKIP LOCKED</c> on those rows (PostgreSQL refuses it next to a window function, hence the
    /// separate level): rows another replica is leasing right now are skipped, never waited for;</item>
    /// <item>the <c>UPDATE</c> re-checks <c>pending</c> and due, since a row may have changed before it was locked.</item>
    /// </list>
    /// LINQ cannot say <c>SKIP LOCKED</c> nor <c>UPDATE … RETURNING</c>, hence SQL.
    /// </remarks>
    public static Task<List<Guid>> LeaseDueDeliveriesAsync(
        this NotificationDbContext db, DateTimeOffset now, DateTimeOffset leaseUntil, Guid[] busy, string[] busyOwners,
        int[] busyOwnerCounts, WebhookOptions settings, int free, CancellationToken ct) =>
        db.Database.SqlQuery<Guid>($"""
            UPDATE webhook_deliveries SET next_attempt_at = {leaseUntil}
            WHERE status = 'pending' AND next_attempt_at <= {now}
              AND id IN (
                  SELECT id FROM webhook_deliveries
                  WHERE id IN (
                      SELECT due.id FROM (
                          SELECT d.id, d.next_attempt_at,
                                 row_number() OVER (PARTITION BY d.subscription_id ORDER BY d.next_attempt_at, d.id) AS rank,
                                 row_number() OVER (PARTITION BY s.owner_id ORDER BY d.next_attempt_at, d.id) AS owner_rank,
                                 coalesce(owner_busy.in_flight, 0) AS owner_in_flight
                          FROM webhook_deliveries d
                          JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.status = 'active'
                          LEFT JOIN unnest({busyOwners}::text[], {busyOwnerCounts}::integer[]) AS owner_busy(owner_id, in_flight)
                            ON owner_busy.owner_id = s.owner_id
                          WHERE d.status = 'pending' AND d.next_attempt_at <= {now}
                            AND NOT (d.subscription_id = ANY({busy}))
                      ) due
                      WHERE due.rank <= {settings.MaxConcurrentPerSubscription}
                        AND due.owner_rank + due.owner_in_flight <= {settings.MaxConcurrentPerOwner}
                      ORDER BY due.owner_rank, due.next_attempt_at
                      LIMIT {free})
                  FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Value"
            """).ToListAsync(ct);
}

using Fabriques.Notification.Data;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Webhooks;

/// <summary>The query by which a dispatcher takes its next batch of webhook deliveries.</summary>
public static class DueDeliveries
{
    /// <summary>
    /// Leases up to <paramref name="free"/> due deliveries (pending, next attempt passed) of active subscriptions, by
    /// pushing their next attempt to <paramref name="leaseUntil"/>; returns their ids.
    /// </summary>
    /// <remarks>
    /// One statement, so the choice and the lease cannot be split by another replica. From the inside out:
    /// <list type="number">
    /// <item><c>due</c>: the due deliveries of active subscriptions with no delivery in flight in this process
    /// (<paramref name="busy"/>), ranked per subscription by due time (window function <c>row_number</c>);</item>
    /// <item>at most <paramref name="perSubscription"/> of each subscription, the earliest due first, <paramref name="free"/>
    /// in all: a dead receiver's backlog cannot fill the batch;</item>
    /// <item><c>FOR UPDATE SKIP LOCKED</c> on those rows (PostgreSQL refuses it next to a window function, hence the
    /// separate level): rows another replica is leasing right now are skipped, never waited for;</item>
    /// <item>the <c>UPDATE</c> re-checks <c>pending</c> and due, since a row may have changed before it was locked.</item>
    /// </list>
    /// LINQ cannot say <c>SKIP LOCKED</c> nor <c>UPDATE … RETURNING</c>, hence SQL.
    /// </remarks>
    public static Task<List<Guid>> LeaseDueDeliveriesAsync(
        this NotificationDbContext db, DateTimeOffset now, DateTimeOffset leaseUntil, Guid[] busy, int perSubscription, int free,
        CancellationToken ct) =>
        db.Database.SqlQuery<Guid>($"""
            UPDATE webhook_deliveries SET next_attempt_at = {leaseUntil}
            WHERE status = 'pending' AND next_attempt_at <= {now}
              AND id IN (
                  SELECT id FROM webhook_deliveries
                  WHERE id IN (
                      SELECT due.id FROM (
                          SELECT d.id, d.next_attempt_at,
                                 row_number() OVER (PARTITION BY d.subscription_id ORDER BY d.next_attempt_at, d.id) AS rank
                          FROM webhook_deliveries d
                          JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.status = 'active'
                          WHERE d.status = 'pending' AND d.next_attempt_at <= {now}
                            AND NOT (d.subscription_id = ANY({busy}))
                      ) due
                      WHERE due.rank <= {perSubscription}
                      ORDER BY due.next_attempt_at
                      LIMIT {free})
                  FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Value"
            """).ToListAsync(ct);
}

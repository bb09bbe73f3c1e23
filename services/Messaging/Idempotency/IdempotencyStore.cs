using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Messaging.Idempotency;

/// <summary>The service's idempotency records, in its own database; each call on a context of its own.</summary>
internal interface IIdempotencyStore
{
    /// <summary>
    /// Reserves the key for this request: true when it was free, had expired, or was held by a request that died
    /// long ago; false when a record of it is in force.
    /// </summary>
    Task<bool> TryReserveAsync(IdempotencyRecord reservation, DateTimeOffset expiredBefore, DateTimeOffset abandonedBefore, CancellationToken ct);

    Task<IdempotencyRecord?> FindAsync(IdempotencyRecord scope, CancellationToken ct);

    Task CompleteAsync(IdempotencyRecord answer, CancellationToken ct);

    /// <summary>Frees the key: the request changed nothing, so a retry must run again.</summary>
    Task ReleaseAsync(IdempotencyRecord scope, CancellationToken ct);
}

internal sealed class IdempotencyStore<TDbContext>(IServiceScopeFactory scopes) : IIdempotencyStore where TDbContext : DbContext
{
    public Task<bool> TryReserveAsync(
        IdempotencyRecord r, DateTimeOffset expiredBefore, DateTimeOffset abandonedBefore, CancellationToken ct) =>
        WithContextAsync(async db => await db.Database.ExecuteSqlAsync($"""
            INSERT INTO messaging.idempotency_keys (subject, method, path, key, request_hash, created_at)
            VALUES ({r.Subject}, {r.Method}, {r.Path}, {r.Key}, {r.RequestHash}, {r.CreatedAt})
            ON CONFLICT (subject, method, path, key) DO UPDATE
                SET request_hash = excluded.request_hash, created_at = excluded.created_at, completed_at = NULL,
                    status_code = NULL, location = NULL, etag = NULL, content_type = NULL, body = NULL
                WHERE idempotency_keys.created_at < {expiredBefore}
                   OR (idempotency_keys.completed_at IS NULL AND idempotency_keys.created_at < {abandonedBefore})
            """, ct) == 1);

    public Task<IdempotencyRecord?> FindAsync(IdempotencyRecord scope, CancellationToken ct) =>
        WithContextAsync(db => Matching(db, scope).AsNoTracking().SingleOrDefaultAsync(ct));

    public Task CompleteAsync(IdempotencyRecord answer, CancellationToken ct) =>
        WithContextAsync(db => Matching(db, answer).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.CompletedAt, answer.CompletedAt)
            .SetProperty(r => r.StatusCode, answer.StatusCode)
            .SetProperty(r => r.Location, answer.Location)
            .SetProperty(r => r.ETag, answer.ETag)
            .SetProperty(r => r.ContentType, answer.ContentType)
            .SetProperty(r => r.Body, answer.Body), ct));

    public Task ReleaseAsync(IdempotencyRecord scope, CancellationToken ct) =>
        WithContextAsync(db => Matching(db, scope).ExecuteDeleteAsync(ct));

    private static IQueryable<IdempotencyRecord> Matching(TDbContext db, IdempotencyRecord scope) =>
        db.Set<IdempotencyRecord>().Where(r =>
            r.Subject == scope.Subject && r.Method == scope.Method && r.Path == scope.Path && r.Key == scope.Key);

    private async Task<T> WithContextAsync<T>(Func<TDbContext, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TDbContext>());
    }
}

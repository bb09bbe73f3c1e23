using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Messaging.Idempotency;

/// <summary>The service's idempotency records, in its own database; each call on a context of its own.</summary>
internal interface IIdempotencyStore
{
    /// <summary>
    /// Holds the key while a request runs with it: a PostgreSQL session lock on a connection of its own, released when
    /// the holder is disposed, or by PostgreSQL when the holder's process dies (its session ends with it). Null when
    /// another live request holds the key.
    /// </summary>
    Task<IAsyncDisposable?> TryHoldAsync(IdempotencyRecord scope, CancellationToken ct);

    /// <summary>
    /// Reserves the key for this request, whose caller holds it (<see cref="TryHoldAsync"/>): true when it was free,
    /// had expired, or was left unfinished (its request died with its process: no one else holds it); false when
    /// an answer is kept.
    /// </summary>
    Task<bool> TryReserveAsync(IdempotencyRecord reservation, DateTimeOffset expiredBefore, CancellationToken ct);

    Task<IdempotencyRecord?> FindAsync(IdempotencyRecord scope, CancellationToken ct);

    Task CompleteAsync(IdempotencyRecord answer, CancellationToken ct);

    /// <summary>Frees the key: the request changed nothing, so a retry must run again.</summary>
    Task ReleaseAsync(IdempotencyRecord scope, CancellationToken ct);
}

internal sealed class IdempotencyStore<TDbContext>(IServiceScopeFactory scopes) : IIdempotencyStore where TDbContext : DbContext
{
    public async Task<IAsyncDisposable?> TryHoldAsync(IdempotencyRecord scope, CancellationToken ct)
    {
        var services = scopes.CreateAsyncScope();
        try
        {
            var db = services.ServiceProvider.GetRequiredService<TDbContext>();
            var lockKey = LockKey(scope);
            await db.Database.OpenConnectionAsync(ct);
            var held = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({lockKey}) AS \"Value\"").SingleAsync(ct);
            if (held)
            {
                return new Hold(services, db, lockKey);
            }
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
        await services.DisposeAsync();
        return null;
    }

    public Task<bool> TryReserveAsync(IdempotencyRecord r, DateTimeOffset expiredBefore, CancellationToken ct) =>
        WithContextAsync(async db => await db.Database.ExecuteSqlAsync($"""
            INSERT INTO messaging.idempotency_keys (subject, method, path, key, request_hash, created_at)
            VALUES ({r.Subject}, {r.Method}, {r.Path}, {r.Key}, {r.RequestHash}, {r.CreatedAt})
            ON CONFLICT (subject, method, path, key) DO UPDATE
                SET request_hash = excluded.request_hash, created_at = excluded.created_at, completed_at = NULL,
                    status_code = NULL, location = NULL, etag = NULL, content_type = NULL, body = NULL
                WHERE idempotency_keys.created_at < {expiredBefore} OR idempotency_keys.completed_at IS NULL
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

    /// <summary>The advisory lock's key: 64 bits of a hash of the key's scope (caller, method, path, key).</summary>
    private static long LockKey(IdempotencyRecord scope) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"idempotency\n{scope.Subject}\n{scope.Method}\n{scope.Path}\n{scope.Key}")));

    /// <summary>The held lock, and the connection it lives on; both let go on disposal.</summary>
    private sealed class Hold(AsyncServiceScope services, TDbContext db, long lockKey) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.Database.SqlQuery<bool>($"SELECT pg_advisory_unlock({lockKey}) AS \"Value\"").SingleAsync(CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
            finally
            {
                await services.DisposeAsync();
            }
        }
    }

    private static IQueryable<IdempotencyRecord> Matching(TDbContext db, IdempotencyRecord scope) =>
        db.Set<IdempotencyRecord>().Where(r =>
            r.Subject == scope.Subject && r.Method == scope.Method && r.Path == scope.Path && r.Key == scope.Key);

    private async Task<T> WithContextAsync<T>(Func<TDbContext, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TDbContext>());
    }
}

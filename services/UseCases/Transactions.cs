using Microsoft.EntityFrameworkCore;

namespace Fabriques.UseCases;

public static class Transactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, so the locks it takes hold until its changes (and the outbox rows
    /// they publish) are committed; retried from the start, on a clean change tracker, when the connection fails transiently.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            // A failed statement fails the whole transaction, which is retried from the start or answered as a refusal:
            // nothing goes back to a savepoint, so the one EF Core sets around each save would only cost two round trips.
            db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var result = await work(token);
            await transaction.CommitAsync(token);
            return result;
        }, ct);
}

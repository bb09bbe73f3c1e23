using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Messaging.Background;

public static class CommitWakeUps
{
    private static readonly ConditionalWeakTable<DbContext, HashSet<Type>> Pending = [];

    /// <summary>
    /// Wakes the worker of <typeparamref name="TSignal"/> once what this context writes is committed: at the end of its
    /// next save outside a transaction, or at the commit of its transaction. A rollback wakes no one.
    /// </summary>
    public static void WakeAfterCommit<TSignal>(this DbContext db) where TSignal : WorkSignal
    {
        var signals = Pending.GetOrCreateValue(db);
        lock (signals)
        {
            signals.Add(typeof(TSignal));
        }
    }

    internal static Type[] TakeFrom(DbContext? context)
    {
        if (context is null || !Pending.TryGetValue(context, out var signals))
        {
            return [];
        }
        Pending.Remove(context);
        lock (signals)
        {
            return [.. signals];
        }
    }

    internal static void Forget(DbContext? context)
    {
        if (context is not null)
        {
            Pending.Remove(context);
        }
    }
}

/// <summary>
/// Notifies the signals a context asked for (<see cref="CommitWakeUps.WakeAfterCommit{TSignal}"/>) after the commit
/// that makes its writes visible to the workers: a save outside a transaction, or the commit of an explicit transaction
/// (a save inside one is not visible yet). Commits that asked for nothing wake no one.
/// </summary>
internal sealed class WakeAfterCommitInterceptor(IServiceProvider services) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    int ISaveChangesInterceptor.SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        WakeUnlessInTransaction(eventData.Context);
        return result;
    }

    ValueTask<int> ISaveChangesInterceptor.SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken)
    {
        WakeUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Wake(eventData.Context);

    public override Task TransactionCommittedAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Wake(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        CommitWakeUps.Forget(eventData.Context);

    public override Task TransactionRolledBackAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        CommitWakeUps.Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void WakeUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Wake(context);
        }
    }

    private void Wake(DbContext? context)
    {
        foreach (var signal in CommitWakeUps.TakeFrom(context))
        {
            ((WorkSignal)services.GetRequiredService(signal)).Notify();
        }
    }
}

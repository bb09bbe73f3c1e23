using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Fabriques.Messaging.Outbox;

/// <summary>Wakes the relay as soon as this process commits an event, instead of waiting for its next poll.</summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a commit that wrote events, or the timeout; true when woken by a commit.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(timer.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // poll interval elapsed
        }
    }
}

/// <summary>
/// The contexts holding events not committed yet: <see cref="OutboxExtensions.Publish"/> marks its context, and the
/// commit that makes them visible wakes the relay. Commits that wrote no event (most reads' and the consumers'
/// transactions that raise nothing) leave the relay asleep.
/// </summary>
internal static class UncommittedEvents
{
    private static readonly ConditionalWeakTable<DbContext, object> Marked = [];
    private static readonly object Mark = new();

    public static void MarkIn(DbContext context) => Marked.AddOrUpdate(context, Mark);

    public static bool TakeFrom(DbContext? context) => context is not null && Marked.Remove(context);

    public static void Forget(DbContext? context)
    {
        if (context is not null)
        {
            Marked.Remove(context);
        }
    }
}

/// <summary>
/// Wakes the relay after a commit that wrote events: a save outside a transaction, or the commit of an explicit
/// transaction (a save inside one is not visible to the relay yet).
/// </summary>
internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : DbTransactionInterceptor, ISaveChangesInterceptor
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
        WakeIfEventsIn(eventData.Context);

    public override Task TransactionCommittedAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        WakeIfEventsIn(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        UncommittedEvents.Forget(eventData.Context);

    public override Task TransactionRolledBackAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        UncommittedEvents.Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void WakeUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            WakeIfEventsIn(context);
        }
    }

    private void WakeIfEventsIn(DbContext? context)
    {
        if (UncommittedEvents.TakeFrom(context))
        {
            signal.Notify();
        }
    }
}

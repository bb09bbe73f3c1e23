using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Fabriques.Notification.Tests.Support;

/// <summary>The two kinds of work a replica takes from the database by lease and attempts in the background.</summary>
public enum LeasedWork
{
    Emails,
    Webhooks,
}

/// <summary>
/// Watches one replica's lease statements: the e-mail sender and the webhook dispatcher each take due rows with one
/// <c>UPDATE &lt;table&gt; SET next_attempt_at … RETURNING</c>, which this counts as it starts, with the rows it updated
/// once they are read. A replica's sender runs one lease at a time, so a lease that started after a moment proves the
/// previous one's rows were all counted.
/// </summary>
public sealed class LeaseWatch : DbCommandInterceptor
{
    private readonly long[] _started = new long[2];
    private readonly long[] _taken = new long[2];

    /// <summary>Lease statements of <paramref name="work"/> started so far.</summary>
    public long Started(LeasedWork work) => Interlocked.Read(ref _started[(int)work]);

    /// <summary>Rows of <paramref name="work"/> taken by the leases read so far.</summary>
    public long Taken(LeasedWork work) => Interlocked.Read(ref _taken[(int)work]);

    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        CountStart(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        CountStart(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        if (LeaseOf(command) is { } work)
        {
            Interlocked.Add(ref _taken[(int)work], eventData.RecordsAffected);
        }
        return result;
    }

    private void CountStart(DbCommand command)
    {
        if (LeaseOf(command) is { } work)
        {
            Interlocked.Increment(ref _started[(int)work]);
        }
    }

    /// <summary>The table the rows of <paramref name="work"/> are in.</summary>
    public static string TableOf(LeasedWork work) => work == LeasedWork.Emails ? "emails" : "webhook_deliveries";

    /// <summary>The work <paramref name="command"/> leases, if it is one of the two lease statements.</summary>
    private static LeasedWork? LeaseOf(DbCommand command)
    {
        var text = command.CommandText.TrimStart();
        foreach (var work in (ReadOnlySpan<LeasedWork>)[LeasedWork.Emails, LeasedWork.Webhooks])
        {
            if (text.StartsWith($"UPDATE {TableOf(work)} SET next_attempt_at", StringComparison.Ordinal))
            {
                return work;
            }
        }
        return null;
    }
}

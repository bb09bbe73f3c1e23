using System.Threading.Channels;

namespace Fabriques.Messaging.Background;

/// <summary>
/// Wakes a background worker when this process committed work for it
/// (<see cref="CommitWakeUps.WakeAfterCommit{TSignal}"/>), so that it sleeps while there is nothing to do instead of
/// polling the database. One wake-up is kept until the worker waits again: a commit made while it works is not lost.
/// Each worker has its own subclass, registered as a singleton.
/// </summary>
public abstract class WorkSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a wake-up, or the <paramref name="poll"/> on the wall clock; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan poll, CancellationToken cancellationToken) =>
        WaitAsync(poll, null, TimeProvider.System, cancellationToken);

    /// <summary>
    /// Waits for a wake-up, the <paramref name="poll"/> on the wall clock, or the <paramref name="due"/> time of the
    /// worker's next known work on its <paramref name="clock"/> (the business clock, which a test may move by hand);
    /// true when woken.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan poll, DateTimeOffset? due, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Never longer than the poll: a timer's range is bounded, and waking early only makes the worker look again.
        using var dueTime = due is { } at ? new CancellationTokenSource(Clamp(at - clock.GetUtcNow(), poll), clock) : null;
        using var timeout = dueTime is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, dueTime.Token);
        timeout.CancelAfter(poll);
        // Read once the timer exists: a clock moved past the due time before it was set would never fire it.
        if (due <= clock.GetUtcNow())
        {
            return false;
        }
        try
        {
            await _channel.Reader.ReadAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // the poll or the due time came
        }
    }

    private static TimeSpan Clamp(TimeSpan delay, TimeSpan max) =>
        delay < TimeSpan.Zero ? TimeSpan.Zero : delay > max ? max : delay;
}

namespace Fabriques.Messaging;

/// <summary>
/// Waits for the broker's confirm of a publish on this process's own clock. RabbitMQ.Client 7.2 can leave a publish
/// whose connection dropped waiting for its confirm forever, deaf to its cancellation token
/// (rabbitmq-dotnet-client#1930; seen here as an outbox relay stalled for minutes after the broker restarted). Past the
/// wait the publish counts as failed and its message stays pending, to go out again: at least once, which the
/// consumers' inbox makes exactly once in effect.
/// </summary>
public static class BrokerConfirms
{
    /// <summary>Longest wait for one publish to be confirmed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The publish, or a <see cref="TimeoutException"/> past <see cref="Timeout"/>, whichever comes first.</summary>
    public static Task ConfirmedWithinTimeout(this Task publish, CancellationToken cancellationToken) =>
        publish.WaitAsync(Timeout, cancellationToken);

    /// <inheritdoc cref="ConfirmedWithinTimeout(Task, CancellationToken)"/>
    public static Task ConfirmedWithinTimeout(this ValueTask publish, CancellationToken cancellationToken) =>
        publish.AsTask().WaitAsync(Timeout, cancellationToken);
}

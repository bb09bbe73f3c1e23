using RabbitMQ.Client;

namespace Fabriques.Messaging.DeadLetters;

/// <summary>
/// A plain RabbitMQ connection for the operator's tools (MassTransit keeps its own for the bus), opened on first use
/// and reopened after the broker comes back.
/// </summary>
public sealed class BrokerConnection(Uri broker) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    /// <summary>A channel with publisher confirms: a publish returns once the broker has the message.</summary>
    public async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken);
        return await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is not { IsOpen: true })
            {
                if (_connection is not null)
                {
                    await _connection.DisposeAsync();
                }
                _connection = await new ConnectionFactory { Uri = broker, ClientProvidedName = "fabriques-operations" }
                    .CreateConnectionAsync(cancellationToken);
            }
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        _gate.Dispose();
    }
}

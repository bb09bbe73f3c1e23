using System.Collections.Concurrent;
using MassTransit;

namespace Fabriques.Testing;

/// <summary>
/// A real subscriber on the broker: its own temporary queue bound to <typeparamref name="TEvent"/>, collecting what
/// arrives, so a test sees exactly what a consuming service would.
/// </summary>
public sealed class EventProbe<TEvent> : IAsyncDisposable where TEvent : class
{
    private readonly ConcurrentQueue<ConsumeContext<TEvent>> _received = new();
    private readonly IBusControl _bus;

    private EventProbe(string brokerUri, bool oneAtATime)
    {
        var broker = new Uri(brokerUri);
        var credentials = broker.UserInfo.Split(':', 2).Select(Uri.UnescapeDataString).ToArray();
        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(broker.Host, (ushort)broker.Port, broker.AbsolutePath.TrimStart('/') is { Length: > 0 } v ? v : "/", host =>
            {
                host.Username(credentials[0]);
                host.Password(credentials[1]);
            });
            rabbit.ReceiveEndpoint($"probe-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                if (oneAtATime)
                {
                    endpoint.ConcurrentMessageLimit = 1; // Received then lists the events in the queue's order
                }
                endpoint.Handler<TEvent>(context =>
                {
                    _received.Enqueue(context);
                    return Task.CompletedTask;
                });
            });
        });
    }

    public IReadOnlyCollection<ConsumeContext<TEvent>> Received => _received;

    public IBus Bus => _bus;

    /// <param name="oneAtATime">Handles one event at a time, so <see cref="Received"/> keeps the order they arrived in.</param>
    public static async Task<EventProbe<TEvent>> StartAsync(string brokerUri, bool oneAtATime = false)
    {
        var probe = new EventProbe<TEvent>(brokerUri, oneAtATime);
        await probe._bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return probe;
    }

    /// <summary>Waits for the first event that matches.</summary>
    public Task<ConsumeContext<TEvent>> WaitForAsync(Func<TEvent, bool> match, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(
            () => Task.FromResult(_received.FirstOrDefault(c => match(c.Message))),
            timeout ?? TimeSpan.FromSeconds(30),
            $"no matching {typeof(TEvent).Name} arrived");

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}

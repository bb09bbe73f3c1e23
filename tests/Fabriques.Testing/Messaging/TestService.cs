using Fabriques.Contracts;
using Fabriques.Contracts.Directory;
using Fabriques.Messaging;
using Fabriques.Messaging.Database;
using Fabriques.Messaging.DeadLetters;
using Fabriques.Messaging.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fabriques.Testing.Messaging;

/// <summary>
/// A process of a minimal service built like the real ones (<c>AddServiceDatabase</c> + <c>AddMessaging</c>): it
/// writes events to its outbox, its relay publishes them, its consumer records their effects.
/// </summary>
public sealed class TestService : IAsyncDisposable
{
    public const string ServiceName = "messaging-tests";
    private const string DatabaseName = "testdb";

    private readonly IHost _host;

    private TestService(IHost host, Faults faults)
    {
        _host = host;
        Faults = faults;
    }

    public Faults Faults { get; }

    public IBus Bus => _host.Services.GetRequiredService<IBus>();

    public DeadLetterQueues DeadLetters => _host.Services.GetRequiredService<DeadLetterQueues>();

    public System.Diagnostics.Metrics.IMeterFactory MeterFactory => _host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();

    public static async Task<TestService> StartAsync(string database, string broker, Faults? faults = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DatabaseName}"] = database,
            ["ConnectionStrings:messaging"] = broker,
            ["Messaging:RelayPollInterval"] = "00:00:00.200",
            ["Messaging:RelayMaxBackoff"] = "00:00:02",
            ["Messaging:OutboxLagDegradedAfter"] = "00:00:02",
            ["Messaging:ConsumerRetryIntervals:0"] = "00:00:00",
            ["Messaging:ConsumerRetryIntervals:1"] = "00:00:00.100",
            ["Messaging:ConsumerRetryIntervals:2"] = "00:00:00.200",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(faults ?? new Faults());
        builder.Services.AddScoped<RecordingConsumer>();
        builder.AddServiceDatabase<TestServiceDb>(DatabaseName);
        builder.AddMessaging<TestServiceDb>(ServiceName, "messaging", bus => bus.AddConsumer<AckLosingConsumer>());

        var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
        return new TestService(host, host.Services.GetRequiredService<Faults>());
    }

    /// <summary>Creates the test service's tables in an empty database.</summary>
    public static async Task CreateSchemaAsync(string database)
    {
        await using var db = new TestServiceDb(new DbContextOptionsBuilder<TestServiceDb>()
            .UseNpgsql(database).UseSnakeCaseNamingConvention().Options);
        await db.Database.EnsureCreatedAsync();
    }

    /// <summary>Raises the events the way a feature does: outbox rows committed in one transaction.</summary>
    public async Task RaiseAsync(IEnumerable<IntegrationEvent> events)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestServiceDb>();
        foreach (var @event in events)
        {
            db.Publish(@event);
        }
        await db.SaveChangesAsync();
    }

    public async Task<T> QueryAsync<T>(Func<TestServiceDb, Task<T>> query)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TestServiceDb>());
    }

    /// <summary>The readiness report, as <c>/health</c> would write it.</summary>
    public Task<HealthReport> CheckHealthAsync() => _host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    public Task<List<Effect>> EffectsAsync() => QueryAsync(db => db.Effects.AsNoTracking().ToListAsync());

    public Task<int> PendingInOutboxAsync() => QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null));

    /// <summary>
    /// Kills the process as far as the broker and the database can tell: its connections cut mid-batch, in-flight
    /// transactions rolled back, unacknowledged messages requeued, held handlings failed; then what is left of it is
    /// stopped. Its broker account (<see cref="Infrastructure.CreateAccountAsync"/>) is deleted first: a dead process
    /// does not reconnect, while this one's bus, whose stop may time out, would — and hold prefetched messages its
    /// successor then waits for.
    /// </summary>
    public async Task KillAsync(Infrastructure infrastructure, string database, string ownBrokerAccount)
    {
        await infrastructure.DeleteAccountAsync(ownBrokerAccount);
        await infrastructure.CutConnectionsAsync(ownBrokerAccount, database);
        Faults.Crash();
        await _host.Services.GetRequiredService<IBusControl>().StopAsync(TimeSpan.FromSeconds(30));
        await _host.StopAsync(new CancellationToken(canceled: true));
        _host.Dispose();
        await Eventually.SucceedsAsync(async () =>
        {
            await infrastructure.CutConnectionsAsync(ownBrokerAccount, database);
            return (await infrastructure.QueuesAsync(ownBrokerAccount)).All(queue => queue.Consumers == 0);
        }, TimeSpan.FromMinutes(1), "the killed process's consumers are still attached to the broker");
        // Its database sessions were ended too: the next process (and the test's own queries) must not be handed them
        // from this test process's shared pool.
        await using var pooled = new NpgsqlConnection(database);
        NpgsqlConnection.ClearPool(pooled);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        }
        catch (ObjectDisposedException)
        {
            // already killed by the test
        }
        _host.Dispose();
    }

    public static PlaceRegistered NewEvent(string name) => new()
    {
        PlaceId = NewId.NextGuid(),
        Name = name,
        InseeCode = "13055",
        DepartmentCode = "13",
        RegionCode = "93",
        OwnerId = "porteur-1",
    };
}

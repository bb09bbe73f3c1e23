using Fabriques.Candidature.Data;
using Fabriques.Contracts.Directory;
using Fabriques.ServiceDefaults;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fabriques.Candidature.Tests;

/// <summary>The candidature service on its own database and virtual host, on a clock the tests move.</summary>
public class CandidatureHost : ServiceHost<Program>
{
    private readonly Lazy<Task<EventProbe<PlaceRegistered>>> _publisher;

    public CandidatureHost(Infrastructure infrastructure) : base(infrastructure, ResourceNames.CandidatureDb) =>
        _publisher = new(() => EventProbe<PlaceRegistered>.StartAsync(BrokerUri));

    /// <summary>Starts on a whole second: PostgreSQL keeps microseconds, so instants then read back exactly.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Publishes <paramref name="event"/> on the service's broker, as the service that owns it would.</summary>
    public async Task PublishAsync<TEvent>(TEvent @event) where TEvent : class =>
        await (await _publisher.Value).Bus.Publish(@event, TestContext.Current.CancellationToken);

    /// <summary>Reads the service's database directly, to check what the API does not show.</summary>
    public async Task<T> QueryAsync<T>(Func<CandidatureDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CandidatureDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        if (_publisher.IsValueCreated)
        {
            await (await _publisher.Value).DisposeAsync();
        }
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A second replica of the service, on the same database as <paramref name="primary"/>.</summary>
public sealed class CandidatureReplica(Infrastructure infrastructure, CandidatureHost primary) : CandidatureHost(infrastructure)
{
    protected override Task<string> CreateDatabaseAsync(Infrastructure infrastructure, string name) =>
        Task.FromResult(primary.DatabaseConnectionString);
}

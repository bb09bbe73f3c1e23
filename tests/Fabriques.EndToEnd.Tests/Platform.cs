using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Fabriques.ServiceDefaults;

[assembly: AssemblyFixture(typeof(Fabriques.EndToEnd.Tests.Platform))]

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// The whole platform as the AppHost describes it — PostgreSQL and RabbitMQ containers, the four services, the
/// gateway — started once for the end-to-end tests, which talk to it only through the gateway. Every service runs
/// <see cref="Replicas"/> replicas, as in production, so every test also crosses replicas.
/// </summary>
public sealed class Platform : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);

    public const int Replicas = 1;

    /// <summary>The janitor's period here: short, so that a test sees many periods pass.</summary>
    public static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(5);
    private DistributedApplication? _app;

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>Every span, log and instrument the processes exported.</summary>
    public TelemetryCollector Telemetry { get; private set; } = null!;

    /// <summary>When the gateway became ready: the end of the platform's start.</summary>
    public DateTimeOffset ReadyAt { get; private set; }

    public DistributedApplication App => _app!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Fabriques_AppHost>(
            [$"--Platform:Replicas={Replicas}"], timeout.Token);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment("Messaging__MaintenanceInterval", MaintenanceInterval.ToString());
        }
        Telemetry = await TelemetryCollector.StartAsync();
        Telemetry.ReceiveFrom(builder);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway, timeout.Token);
        ReadyAt = DateTimeOffset.UtcNow;
        Gateway = _app.CreateHttpClient(ResourceNames.Gateway);
    }

    public async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (Telemetry is not null)
        {
            await Telemetry.DisposeAsync();
        }
    }
}

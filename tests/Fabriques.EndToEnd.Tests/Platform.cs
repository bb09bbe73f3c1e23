using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Fabriques.ServiceDefaults;

[assembly: AssemblyFixture(typeof(Fabriques.EndToEnd.Tests.Platform))]

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// The whole platform as the AppHost describes it — PostgreSQL and RabbitMQ containers, the four services, the
/// gateway — started once for the end-to-end tests, which talk to it only through the gateway. One replica of each
/// service here, loaded with the demo programme as a developer starts it (<c>--seed-demo</c>), so every test also
/// shows that the demo data leaves its flow alone.
/// </summary>
public class Platform : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);

    /// <summary>The janitor's period here: short, so that a test sees many periods pass.</summary>
    public static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(5);

    /// <summary>The delay before an e-mail that failed is tried again, at most; a minute and more by default.</summary>
    public static readonly TimeSpan EmailRetry = TimeSpan.FromSeconds(5);

    /// <summary>The SMTP server's ports when they are not the AppHost's (2525 and 5025): another platform runs beside this one.</summary>
    public sealed record SmtpPorts(int Smtp, int Http);

    private readonly SmtpPorts? _smtpPorts;
    private readonly bool _seedDemo;
    private DistributedApplication? _app;

    public Platform()
        : this(replicas: 1, smtpPorts: null, seedDemo: true)
    {
    }

    protected Platform(int replicas, SmtpPorts? smtpPorts, bool seedDemo = false)
    {
        Replicas = replicas;
        _smtpPorts = smtpPorts;
        _seedDemo = seedDemo;
    }

    /// <summary>How many replicas of each service run (<c>Platform:Replicas</c>).</summary>
    public int Replicas { get; }

    /// <summary>smtp4dev's web UI and API, which lists every e-mail the SMTP server received.</summary>
    public Uri SmtpWebUi => new($"http://localhost:{_smtpPorts?.Http ?? 5025}/");

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>Every span, log and instrument the processes exported.</summary>
    public TelemetryCollector Telemetry { get; private set; } = null!;

    /// <summary>When the gateway became ready: the end of the platform's start.</summary>
    public DateTimeOffset ReadyAt { get; private set; }

    /// <summary>How long the platform took to start, from building the app model to a ready gateway.</summary>
    public TimeSpan StartTime { get; private set; }

    public DistributedApplication App => _app!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var started = DateTimeOffset.UtcNow;
        string[] args = _seedDemo ? [$"--Platform:Replicas={Replicas}", "--seed-demo"] : [$"--Platform:Replicas={Replicas}"];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Fabriques_AppHost>(args, timeout.Token);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment("Messaging__MaintenanceInterval", MaintenanceInterval.ToString());
        }
        // An e-mail that failed is tried again within seconds rather than a minute on: a test that cuts the SMTP server
        // off waits for the next attempt.
        foreach (var notification in builder.Resources.OfType<ProjectResource>().Where(r => r.Name.StartsWith(ResourceNames.Notification, StringComparison.Ordinal)))
        {
            builder.CreateResourceBuilder(notification)
                .WithEnvironment("Smtp__Retry__Initial", EmailRetry.ToString())
                .WithEnvironment("Smtp__Retry__Max", EmailRetry.ToString());
        }
        // The tests sign in a hundred people from one address, the demo seed a dozen more: the per-address limit of
        // development tokens (tested in the gateway's own tests) would throttle them into 429s.
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.Gateway))
            .WithEnvironment("RateLimiting__DevToken__Burst", "1000");
        if (_smtpPorts is { } ports)
        {
            var smtp = builder.CreateResourceBuilder(builder.Resources.OfType<ExecutableResource>().Single(r => r.Name == ResourceNames.Smtp));
            smtp.WithEndpoint("smtp", endpoint => endpoint.Port = ports.Smtp).WithEndpoint("http", endpoint => endpoint.Port = ports.Http);
        }
        Telemetry = await TelemetryCollector.StartAsync();
        Telemetry.ReceiveFrom(builder);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway, timeout.Token);
        ReadyAt = DateTimeOffset.UtcNow;
        StartTime = ReadyAt - started;
        Gateway = _app.CreateHttpClient(ResourceNames.Gateway);
        if (_seedDemo)
        {
            // The tests start on the whole demo programme: its open wave is theirs, and nothing of it is still being written.
            var seeded = await _app.ResourceNotifications.WaitForResourceAsync(ResourceNames.DemoSeed,
                e => e.Snapshot.State?.Text == KnownResourceStates.Finished, timeout.Token);
            if (seeded.Snapshot.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"The demo seed failed: {string.Join("; ", seeded.Snapshot.Properties.Select(p => $"{p.Name} = {p.Value}"))}");
            }
        }
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

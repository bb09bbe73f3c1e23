using System.Diagnostics.Metrics;
using System.Globalization;
using Fabriques.Notification.Data;
using Fabriques.Notification.Telemetry;
using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults;
using Fabriques.Testing;
using Fabriques.Testing.Messaging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fabriques.Notification.Tests;

/// <summary>
/// The notification service on its own database and virtual host, sending e-mails to a real SMTP server of the test
/// and allowed to call webhook receivers on 127.0.0.1 over http, as in Development. Retries are seconds apart.
/// </summary>
public class NotificationHost : ServiceHost<Program>
{
    private readonly bool _ownsSmtp;
    private readonly Infrastructure _infrastructure;
    private readonly LeaseWatch _leases = new();
    private MetricCounter? _emailAttempts;
    private MetricCounter? _webhookAttempts;

    public NotificationHost(Infrastructure infrastructure) : this(infrastructure, new SmtpSink(), ownsSmtp: true)
    {
    }

    protected NotificationHost(Infrastructure infrastructure, SmtpSink smtp, bool ownsSmtp)
        : base(infrastructure, ResourceNames.NotificationDb)
    {
        Smtp = smtp;
        _ownsSmtp = ownsSmtp;
        _infrastructure = infrastructure;
    }

    public SmtpSink Smtp { get; }
    protected virtual bool AllowInsecureTargets => true;

    public override async ValueTask InitializeAsync()
    {
        if (_ownsSmtp)
        {
            Smtp.Start();
        }
        await base.InitializeAsync();
        // Counted from before any event is published: nothing was leased yet, so leases and attempts start level.
        var meters = Services.GetRequiredService<IMeterFactory>();
        _emailAttempts = new MetricCounter(meters, NotificationMetrics.Name, "fabriques.emails");
        _webhookAttempts = new MetricCounter(meters, NotificationMetrics.Name, "fabriques.webhooks.deliveries");
    }

    /// <summary>
    /// Waits until this replica has looked for due <paramref name="work"/> after this call and has attempted every row it
    /// took before: what it was going to send by now is sent, so a test may then assert that nothing more came. Each row
    /// taken is attempted once (one <c>fabriques.emails</c> or <c>fabriques.webhooks.deliveries</c> measurement).
    /// </summary>
    public async Task SettledAsync(LeasedWork work)
    {
        var attempts = work == LeasedWork.Emails ? _emailAttempts! : _webhookAttempts!;
        var since = _leases.Started(work);
        try
        {
            await Eventually.SucceedsAsync(() => Task.FromResult(_leases.Started(work) > since && _leases.Taken(work) == attempts.Total),
                TimeSpan.FromSeconds(30), $"the replica did not look for due {work} again, or did not finish what it took");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException(
                $"{timeout.Message} Leases: {since} then {_leases.Started(work)}; rows taken {_leases.Taken(work)}, attempted {attempts.Total}.", timeout);
        }
    }

    /// <summary>Whether <paramref name="consumer"/> recorded <paramref name="eventId"/> in the service's inbox (its effect is then committed).</summary>
    public async Task<bool> HandledByAsync(Guid eventId, string consumer)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM messaging.inbox_messages WHERE event_id = @event AND consumer = @consumer", connection);
        command.Parameters.AddWithValue("event", eventId);
        command.Parameters.AddWithValue("consumer", consumer);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    /// <summary>Rows of <paramref name="work"/> still pending in the service's database, taken by a replica or not.</summary>
    public async Task<long> PendingAsync(LeasedWork work)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {LeaseWatch.TableOf(work)} WHERE status = 'pending'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Smtp.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Smtp:PollInterval", "00:00:00.100");
        builder.UseSetting("Smtp:Retry:Initial", "00:00:00.200");
        builder.UseSetting("Webhooks:AllowInsecureTargets", AllowInsecureTargets.ToString());
        builder.UseSetting("Webhooks:PollInterval", "00:00:00.100");
        builder.UseSetting("Webhooks:Retry:Initial", "00:00:00.200");
        builder.UseSetting("PartnerBroker:ManagementUrl", _infrastructure.ManagementUrl.ToString());
        builder.UseSetting("PartnerBroker:PollInterval", "00:00:00.100");
        // One key-encryption secret for every host on a database, as for the replicas of a deployment.
        builder.UseSetting("DataProtection:KeyEncryptionKey", "clef-de-chiffrement-des-cles-des-tests-de-notification");
        builder.ConfigureTestServices(services =>
            services.ConfigureDbContext<NotificationDbContext>(options => options.AddInterceptors(_leases)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _emailAttempts?.Dispose();
        _webhookAttempts?.Dispose();
        if (_ownsSmtp)
        {
            await Smtp.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>The service as in production: webhooks only to public https targets.</summary>
public sealed class StrictNotificationHost(Infrastructure infrastructure) : NotificationHost(infrastructure)
{
    protected override bool AllowInsecureTargets => false;
}

/// <summary>A second replica of the service: the database and SMTP server of <paramref name="primary"/>.</summary>
public sealed class ReplicaHost(Infrastructure infrastructure, NotificationHost primary)
    : NotificationHost(infrastructure, primary.Smtp, ownsSmtp: false)
{
    protected override Task<string> CreateDatabaseAsync(Infrastructure infrastructure, string name) =>
        Task.FromResult(primary.DatabaseConnectionString);
}

using System.Globalization;
using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Fabriques.Notification.Tests;

/// <summary>
/// The notification service on its own database and virtual host, sending e-mails to a real SMTP server of the test
/// and allowed to call webhook receivers on 127.0.0.1 over http, as in Development. Retries are seconds apart.
/// </summary>
public class NotificationHost : ServiceHost<Program>
{
    private readonly bool _ownsSmtp;
    private readonly Infrastructure _infrastructure;

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
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
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

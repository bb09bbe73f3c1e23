using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Fabriques.Notification.Tests.Privacy;

/// <summary>The notification service with everything it logs (down to Debug) and traces captured.</summary>
public sealed class CapturedNotificationHost(Infrastructure infrastructure) : NotificationHost(infrastructure)
{
    public TelemetryCapture Telemetry { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Telemetry.AttachTo(builder);
    }
}

public sealed class PersonalDataInTelemetryTests(CapturedNotificationHost host) : IClassFixture<CapturedNotificationHost>
{
    [Fact]
    public async Task E_mails_webhooks_and_their_secrets_leave_no_contact_detail_nor_secret_in_logs_or_spans()
    {
        const string queryToken = "partner-query-token-7f3a9c";
        await using var receiver = await WebhookReceiver.StartAsync();
        using var partner = host.CreateClient("partner-privacy", Roles.Partenaire);
        var (_, secret) = await partner.SubscribeAsync($"{receiver.Url}?token={queryToken}", "fr.anct.fabriques.candidature.submitted");
        var contact = Events.NewContact();
        var submitted = Events.Submitted("porteur-privacy", contact);

        await Events.PublishAsync(host.BrokerUri, submitted);

        await receiver.WaitForAsync(submitted.EventId.ToString());
        await host.Smtp.WaitForAsync(contact.Email);
        host.Telemetry.AssertNowhere(contact.Email, contact.Name, secret, secret["whsec_".Length..], queryToken);
        host.Telemetry.AssertSomewhere(submitted.EventId.ToString());
    }
}

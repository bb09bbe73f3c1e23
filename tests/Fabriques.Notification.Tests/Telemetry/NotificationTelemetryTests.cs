using System.Diagnostics.Metrics;
using Fabriques.Notification.Emails;
using Fabriques.Notification.Telemetry;
using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Fabriques.Notification.Tests.Telemetry;

/// <summary>The notification service keeping its logs.</summary>
public sealed class NotificationTelemetryHost(Infrastructure infrastructure) : NotificationHost(infrastructure)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.CaptureTelemetry();
    }
}

public sealed class NotificationTelemetryTests(NotificationTelemetryHost host) : IClassFixture<NotificationTelemetryHost>
{
    [Fact]
    public async Task Emails_and_webhook_posts_are_counted_by_outcome_and_the_sent_email_is_logged_without_its_address()
    {
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var emails = new MetricCollector<long>(meters, NotificationMetrics.Name, "fabriques.emails");
        using var webhooks = new MetricCollector<long>(meters, NotificationMetrics.Name, "fabriques.webhooks.deliveries");
        await using var receiver = await WebhookReceiver.StartAsync(500, 200);
        using var partner = host.CreateClient("partner-metrics", Roles.Partenaire);
        await partner.SubscribeAsync(receiver.Url, "fr.anct.fabriques.candidature.submitted");
        var contact = Events.NewContact();
        host.Smtp.RefuseNext(contact.Email, 1, 451); // a temporary refusal: tried again
        var submitted = Events.Submitted("porteur-metrics", contact);

        await Events.PublishAsync(host.BrokerUri, submitted);

        await host.Smtp.WaitForAsync(contact.Email);
        await receiver.WaitForAsync(submitted.EventId.ToString(), count: 2);
        await Eventually.SucceedsAsync(
            () => Task.FromResult(emails.Total(("outcome", "sent")) == 1 && webhooks.Total(("outcome", "succeeded")) == 1),
            TimeSpan.FromSeconds(30), "the counters did not record the sent e-mail and the delivered webhook");
        Assert.Equal(1, emails.Total(("outcome", "retried"), ("template", "candidature-submitted")));
        Assert.Equal(1, emails.Total(("outcome", "sent"), ("template", "candidature-submitted")));
        Assert.Equal(0, emails.Total(("outcome", "failed")));
        Assert.Equal(1, webhooks.Total(("outcome", "failed"), ("http.status_class", "5xx")));
        Assert.Equal(1, webhooks.Total(("outcome", "succeeded"), ("http.status_class", "2xx")));
        Assert.Equal(("{email}", "{attempt}"), (emails.Instrument!.Unit, webhooks.Instrument!.Unit));

        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        var sent = Assert.Single(logs, r => r.Category == typeof(EmailSender).FullName
                                            && r.Fields().GetValueOrDefault("EventId") == submitted.EventId.ToString()).Fields();
        Assert.Equal("candidature-submitted", sent["Template"]);
        Assert.DoesNotContain(logs, r => new[] { contact.Email, contact.Name }.Any(personal =>
            r.Message.Contains(personal, StringComparison.OrdinalIgnoreCase)
            || r.Fields().Values.Any(v => v?.Contains(personal, StringComparison.OrdinalIgnoreCase) == true)));
    }
}

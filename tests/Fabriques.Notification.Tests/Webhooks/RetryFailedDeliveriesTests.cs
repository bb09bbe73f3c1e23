using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Fabriques.Notification.Tests.Webhooks;

/// <summary>A service that gives a delivery up at its first failure, so the tests see given-up deliveries at once.</summary>
public sealed class GivingUpHost(Infrastructure infrastructure) : NotificationHost(infrastructure)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:Retry:GiveUpAfter", "00:00:00");
    }
}

public sealed class RetryFailedDeliveriesTests(GivingUpHost host) : IClassFixture<GivingUpHost>
{
    private const string RetryFailed = "/api/notifications/operations/webhook-deliveries/retry-failed";
    private const string Submitted = "fr.anct.fabriques.candidature.submitted";

    [Fact]
    public async Task Only_a_gestionnaire_may_retry_failed_deliveries()
    {
        using var anonymous = host.CreateClient();
        using var porteur = host.CreateClient("porteur-retry", Roles.Porteur);
        using var partner = host.CreateClient("partner-retry-authz", Roles.Partenaire);

        using var asAnonymous = await anonymous.PostAsync(RetryFailed, null, TestContext.Current.CancellationToken);
        using var asPorteur = await porteur.PostAsync(RetryFailed, null, TestContext.Current.CancellationToken);
        using var asPartner = await partner.PostAsync(RetryFailed, null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, asAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asPorteur.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asPartner.StatusCode);
    }

    [Fact]
    public async Task A_given_up_delivery_is_posted_again_now_and_succeeds()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 200);
        using var partner = host.CreateClient("partner-given-up", Roles.Partenaire);
        using var gestionnaire = host.CreateClient("anct-operator", Roles.Gestionnaire);
        var (subscription, _) = await partner.SubscribeAsync(receiver.Url, Submitted);
        var submitted = Events.Submitted("porteur-1", Events.NewContact());
        await Events.PublishAsync(host.BrokerUri, submitted);
        await receiver.WaitForAsync(submitted.EventId.ToString());
        await Eventually.SucceedsAsync(async () =>
                (await partner.GetAttemptsAsync(subscription, submitted.EventId)) is [var first]
                && first.GetProperty("nextAttemptAt").ValueKind == JsonValueKind.Null,
            TimeSpan.FromSeconds(30), "the delivery was not given up after its failure");

        var retried = await RetryAsync(gestionnaire);

        Assert.Equal(1, retried);
        await receiver.WaitForAsync(submitted.EventId.ToString(), count: 2);
        var log = await Eventually.ReturnsAsync(async () =>
            await partner.GetAttemptsAsync(subscription, submitted.EventId) is { Count: 2 } attempts ? attempts : null,
            TimeSpan.FromSeconds(30), "the log does not show the second attempt");
        Assert.Equal("succeeded", log[1].GetProperty("status").GetString());
        Assert.Equal(0, await RetryAsync(gestionnaire));
    }

    private static async Task<int> RetryAsync(HttpClient gestionnaire)
    {
        using var response = await gestionnaire.PostAsync(RetryFailed, null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("rescheduled").GetInt32();
    }
}

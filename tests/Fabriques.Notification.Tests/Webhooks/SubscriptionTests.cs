using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;

namespace Fabriques.Notification.Tests.Webhooks;

public sealed class SubscriptionTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    private const string Awarded = "fr.anct.fabriques.grant.awarded";

    [Fact]
    public async Task A_subscription_shows_its_whsec_secret_once()
    {
        using var partner = host.CreateClient("partner-secret", Roles.Partenaire);

        using var created = await partner.PostAsJsonAsync(Api.Subscriptions,
            new { url = "http://127.0.0.1:9/hook", eventTypes = new[] { Awarded, Awarded }, description = "SI de la région" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var secret = body.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.Equal([Awarded], body.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("active", body.GetProperty("status").GetString());
        var read = await partner.GetJsonAsync(created.Headers.Location!.ToString());
        Assert.False(read.TryGetProperty("secret", out _));
        var listed = await partner.GetItemsAsync(Api.Subscriptions);
        Assert.All(listed, s => Assert.False(s.TryGetProperty("secret", out _)));
        Assert.Contains(listed, s => s.GetProperty("id").GetGuid() == body.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_invalid_subscription_is_a_400_naming_every_broken_field()
    {
        using var partner = host.CreateClient("partner-invalid", Roles.Partenaire);

        using var response = await partner.PostAsJsonAsync(Api.Subscriptions,
            new { url = "ftp://partenaire.example/hook", eventTypes = new[] { "fr.anct.fabriques.place.exploded" }, description = new string('x', 501) },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("url", out _));
        Assert.Contains("fr.anct.fabriques.place.exploded", errors.GetProperty("eventTypes")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("description", out _));
    }

    [Theory]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://192.168.1.20/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/latest/meta-data")]
    [InlineData("https://[::a9fe:a9fe]/latest/meta-data")]
    [InlineData("https://[2002:a9fe:a9fe::1]/latest/meta-data")]
    [InlineData("https://[2001:0:4136:e378:8000:63bf:5601:5601]/latest/meta-data")]
    [InlineData("https://[fec0::1]/hook")]
    public async Task A_private_or_metadata_address_is_refused_even_where_loopback_is_allowed(string url)
    {
        using var partner = host.CreateClient("partner-ssrf", Roles.Partenaire);

        using var response = await partner.PostAsJsonAsync(Api.Subscriptions, new { url, eventTypes = new[] { Awarded } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("url", out _));
    }

    [Fact]
    public async Task The_secret_is_not_kept_for_an_idempotent_replay()
    {
        using var partner = host.CreateClient("partner-idempotent", Roles.Partenaire);
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Create()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Api.Subscriptions) { Content = JsonContent.Create(new { url = "http://127.0.0.1:9/hook", eventTypes = new[] { Awarded } }) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        using var firstRequest = Create();
        using var replayRequest = Create();
        using var first = await partner.SendAsync(firstRequest, TestContext.Current.CancellationToken);
        using var replay = await partner.SendAsync(replayRequest, TestContext.Current.CancellationToken);

        var secret = (await first.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("secret").GetString()!;
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, replay.StatusCode));
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.True(replay.Headers.Contains("Idempotency-Replayed"));
        Assert.DoesNotContain(secret, await replay.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_has_at_most_twenty_subscriptions()
    {
        using var partner = host.CreateClient("partner-capped", Roles.Partenaire);
        using var another = host.CreateClient("partner-not-capped", Roles.Partenaire);
        for (var i = 0; i < 20; i++)
        {
            await partner.SubscribeAsync($"http://127.0.0.1:9/hook-{i}", Awarded);
        }

        using var refused = await partner.PostAsJsonAsync(Api.Subscriptions, new { url = "http://127.0.0.1:9/hook-20", eventTypes = new[] { Awarded } },
            TestContext.Current.CancellationToken);
        await another.SubscribeAsync("http://127.0.0.1:9/hook", Awarded);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("https://fabriques.anct.gouv.fr/problems/subscription-limit", problem.GetProperty("type").GetString());
        Assert.Contains("20 abonnements", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(20, (await partner.GetItemsAsync($"{Api.Subscriptions}?pageSize=100")).Count);
    }

    [Fact]
    public async Task Subscriptions_belong_to_their_owner()
    {
        using var owner = host.CreateClient("partner-owner", Roles.Partenaire);
        using var stranger = host.CreateClient("partner-stranger", Roles.Partenaire);
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        var (id, _) = await owner.SubscribeAsync("http://127.0.0.1:9/hook", Awarded);
        var ct = TestContext.Current.CancellationToken;

        using var read = await stranger.GetAsync($"{Api.Subscriptions}/{id}", ct);
        using var log = await stranger.GetAsync($"{Api.Subscriptions}/{id}/deliveries", ct);
        using var redeliver = await stranger.PostAsync($"{Api.Subscriptions}/{id}/deliveries/{Guid.NewGuid()}/redeliver", null, ct);
        using var delete = await stranger.DeleteAsync($"{Api.Subscriptions}/{id}", ct);
        using var wrongRole = await porteur.GetAsync(Api.Subscriptions, ct);
        var strangers = await stranger.GetItemsAsync(Api.Subscriptions);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, log.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, redeliver.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.DoesNotContain(strangers, s => s.GetProperty("id").GetGuid() == id);
        using var stillThere = await owner.GetAsync($"{Api.Subscriptions}/{id}", ct);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_subscription_stops_its_retries()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        using var gestionnaire = host.CreateClient("gestionnaire-delete", Roles.Gestionnaire);
        var (id, _) = await gestionnaire.SubscribeAsync(receiver.Url, Awarded);
        var awarded = Events.Awarded("porteur-1", Events.NewContact());
        await Events.PublishAsync(host.BrokerUri, awarded);
        await receiver.WaitForAsync(awarded.EventId.ToString());

        using var deleted = await gestionnaire.DeleteAsync($"{Api.Subscriptions}/{id}", TestContext.Current.CancellationToken);
        var before = receiver.Received.Count;
        // The dispatcher looked for due deliveries since the deletion and finished what it had taken before it.
        await host.SettledAsync(LeasedWork.Webhooks);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.InRange(receiver.Received.Count - before, 0, 1); // at most one attempt already on its way
        using var read = await gestionnaire.GetAsync($"{Api.Subscriptions}/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }
}

/// <summary>The SSRF guard as in production, where neither http nor loopback is allowed.</summary>
public sealed class StrictSubscriptionTests(StrictNotificationHost host) : IClassFixture<StrictNotificationHost>
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://partenaire.example.org/hook")]
    public async Task A_target_that_is_not_public_https_is_refused(string url)
    {
        using var partner = host.CreateClient("partner-1", Roles.Partenaire);

        using var response = await partner.PostAsJsonAsync(Api.Subscriptions,
            new { url, eventTypes = new[] { "fr.anct.fabriques.grant.awarded" } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("https://fabriques.anct.gouv.fr/problems/validation", problem.GetProperty("type").GetString());
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty("url")[0].GetString()!);
    }
}

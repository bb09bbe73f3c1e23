using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Notification.Data;
using Fabriques.Notification.Tests.Support;
using Fabriques.Notification.Webhooks;
using Fabriques.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Notification.Tests.Webhooks;

/// <summary>
/// Webhook secrets at rest are protected, under keys stored encrypted (a copy of the database signs nothing), a secret
/// can be rotated, and during the overlap a receiver that knows either secret verifies every delivery (Standard
/// Webhooks, several signatures).
/// </summary>
public sealed class SecretTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    private const string Submitted = "fr.anct.fabriques.candidature.submitted";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_secret_is_stored_protected_never_in_clear_with_the_keys_in_the_services_database()
    {
        using var partner = host.CreateClient("partner-at-rest", Roles.Partenaire);

        var (id, secret) = await partner.SubscribeAsync("http://127.0.0.1:9/hook", Submitted);

        var stored = await QueryAsync(db => db.Subscriptions.Where(s => s.Id == id).Select(s => s.ProtectedSecret).SingleAsync(Ct));
        Assert.DoesNotContain(secret["whsec_".Length..], stored, StringComparison.Ordinal);
        Assert.False(stored.StartsWith("whsec_", StringComparison.Ordinal), "the secret is stored in clear");
        var keys = await QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync(Ct));
        Assert.NotEmpty(keys);
        // The keys themselves are encrypted with the key-encryption secret: the database alone unprotects nothing.
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Rotating_shows_a_new_secret_once_and_during_the_overlap_deliveries_verify_with_either()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var partner = host.CreateClient("partner-rotates", Roles.Partenaire);
        var (id, former) = await partner.SubscribeAsync(receiver.Url, Submitted);

        using var rotated = await partner.PostAsync($"{Api.Subscriptions}/{id}/secret/rotate", null, Ct);
        var answer = await rotated.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var current = answer.GetProperty("secret").GetString()!;
        var submitted = Events.Submitted("porteur-1", Events.NewContact());
        await Events.PublishAsync(host.BrokerUri, submitted);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.StartsWith("whsec_", current, StringComparison.Ordinal);
        Assert.NotEqual(former, current);
        Assert.InRange(answer.GetProperty("previousSecretExpiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
        var webhook = Assert.Single(await receiver.WaitForAsync(submitted.EventId.ToString()));
        Assert.Equal(2, webhook.Signature.Split(' ').Length);
        Assert.True(WebhookReceiver.HasValidSignature(webhook, current), "the new secret does not verify");
        Assert.True(WebhookReceiver.HasValidSignature(webhook, former), "the former secret no longer verifies during the overlap");
        Assert.False((await partner.GetJsonAsync($"{Api.Subscriptions}/{id}")).TryGetProperty("secret", out _));
    }

    [Fact]
    public async Task A_second_rotation_ends_the_first_secret_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var partner = host.CreateClient("partner-rotates-twice", Roles.Partenaire);
        var (id, first) = await partner.SubscribeAsync(receiver.Url, Submitted);
        var second = await RotateAsync(partner, id);
        var third = await RotateAsync(partner, id);
        var submitted = Events.Submitted("porteur-1", Events.NewContact());

        await Events.PublishAsync(host.BrokerUri, submitted);

        var webhook = Assert.Single(await receiver.WaitForAsync(submitted.EventId.ToString()));
        Assert.True(WebhookReceiver.HasValidSignature(webhook, third));
        Assert.True(WebhookReceiver.HasValidSignature(webhook, second));
        Assert.False(WebhookReceiver.HasValidSignature(webhook, first), "a secret two rotations old still signs");
    }

    [Fact]
    public async Task Only_the_owner_rotates_and_a_replay_of_the_rotation_does_not_show_the_secret_again()
    {
        using var partner = host.CreateClient("partner-owns", Roles.Partenaire);
        using var other = host.CreateClient("partner-other", Roles.Partenaire);
        var (id, _) = await partner.SubscribeAsync("http://127.0.0.1:9/hook", Submitted);
        HttpRequestMessage Rotate()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{Api.Subscriptions}/{id}/secret/rotate");
            request.Headers.Add("Idempotency-Key", "rotation-1");
            return request;
        }

        using var foreign = await other.PostAsync($"{Api.Subscriptions}/{id}/secret/rotate", null, Ct);
        using var firstRequest = Rotate();
        using var replayRequest = Rotate();
        using var first = await partner.SendAsync(firstRequest, Ct);
        using var replay = await partner.SendAsync(replayRequest, Ct);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        var secret = (await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("secret").GetString()!;
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, replay.StatusCode));
        Assert.True(replay.Headers.Contains("Idempotency-Replayed"));
        Assert.DoesNotContain(secret, await replay.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var kept = await QueryAsync(db => db.Database.SqlQuery<string>($"SELECT convert_from(coalesce(body, ''), 'UTF8') AS \"Value\" FROM messaging.idempotency_keys").ToListAsync(Ct));
        Assert.DoesNotContain(kept, body => body.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_secret_stored_in_clear_before_secrets_were_protected_is_protected_at_start_and_still_signs()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var partner = host.CreateClient("partner-legacy", Roles.Partenaire);
        var (id, _) = await partner.SubscribeAsync(receiver.Url, Submitted);
        var legacy = Notification.Domain.WebhookSignature.NewSecret();
        await QueryAsync(db => db.Database.ExecuteSqlAsync($"UPDATE webhook_subscriptions SET protected_secret = {legacy} WHERE id = {id}", Ct));

        await host.Services.GetRequiredService<ClearSecretsProtector>().ProtectAsync(Ct);
        var submitted = Events.Submitted("porteur-1", Events.NewContact());
        await Events.PublishAsync(host.BrokerUri, submitted);

        var stored = await QueryAsync(db => db.Subscriptions.Where(s => s.Id == id).Select(s => s.ProtectedSecret).SingleAsync(Ct));
        Assert.False(stored.StartsWith("whsec_", StringComparison.Ordinal), "the clear secret was left in clear");
        var webhook = Assert.Single(await receiver.WaitForAsync(submitted.EventId.ToString()));
        Assert.True(WebhookReceiver.HasValidSignature(webhook, legacy), "the partner's secret changed while being protected");
    }

    private static async Task<string> RotateAsync(HttpClient partner, Guid id)
    {
        using var rotated = await partner.PostAsync($"{Api.Subscriptions}/{id}/secret/rotate", null, Ct);
        rotated.EnsureSuccessStatusCode();
        return (await rotated.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("secret").GetString()!;
    }

    private async Task<T> QueryAsync<T>(Func<NotificationDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<NotificationDbContext>());
    }
}

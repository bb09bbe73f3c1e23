using System.Net.Http.Json;
using System.Text.Json;

namespace Fabriques.Notification.Tests.Support;

/// <summary>The service's routes, as a partner or a porteur calls them.</summary>
public static class Api
{
    public const string Emails = "/api/notifications";
    public const string Subscriptions = "/api/notifications/subscriptions";

    public static async Task<(Guid Id, string Secret)> SubscribeAsync(this HttpClient client, string url, params string[] eventTypes)
    {
        using var response = await client.PostAsJsonAsync(Subscriptions, new { url, eventTypes, description = "Système d'information partenaire" },
            TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("secret").GetString()!);
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url) =>
        await client.GetFromJsonAsync<JsonElement>(url, TestContext.Current.CancellationToken);

    public static async Task<List<JsonElement>> GetItemsAsync(this HttpClient client, string url) =>
        (await client.GetJsonAsync(url)).GetProperty("items").EnumerateArray().ToList();

    /// <summary>The delivery log of a subscription, oldest attempt first.</summary>
    public static async Task<List<JsonElement>> GetAttemptsAsync(this HttpClient client, Guid subscription, Guid eventId) =>
        (await client.GetItemsAsync($"{Subscriptions}/{subscription}/deliveries?eventId={eventId}"))
            .OrderBy(a => a.GetProperty("attempt").GetInt32()).ToList();
}

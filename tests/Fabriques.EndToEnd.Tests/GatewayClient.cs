using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fabriques.EndToEnd.Tests;

/// <summary>Calls the gateway as one user, with the development token the gateway issues for that user's roles.</summary>
public sealed class GatewayClient(HttpClient gateway, string token, string email)
{
    /// <summary>The e-mail address this user's token proves: the only one their candidatures may name.</summary>
    public string Email => email;

    /// <summary><paramref name="regions"/>: the régions of an instructeur (none: national).</summary>
    public static async Task<GatewayClient> SignInAsync(HttpClient gateway, string subject, string role, params string[] regions)
    {
        var email = $"{subject}@example.org";
        using var response = await gateway.PostAsJsonAsync("/dev/token",
            new { sub = subject, name = subject, email, roles = new[] { role }, regions },
            TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken))
            .GetProperty("accessToken").GetString()!;
        return new GatewayClient(gateway, token, email);
    }

    /// <summary>A request carrying this user's token, for a test that adds headers of its own.</summary>
    public HttpRequestMessage Request(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => gateway.SendAsync(request, TestContext.Current.CancellationToken);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? ifMatch = null)
    {
        var request = Request(method, path, body);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return SendAsync(request);
    }

    /// <summary>Sends and reads the JSON answer, failing with the problem details when the status is not a success.</summary>
    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, object? body = null, string? ifMatch = null)
    {
        using var response = await SendAsync(method, path, body, ifMatch);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The whole partners' event feed, oldest first, read page after page with its cursor.</summary>
    public async Task<List<JsonElement>> ReadFeedAsync()
    {
        var events = new List<JsonElement>();
        var cursor = "0";
        while (true)
        {
            var page = await JsonAsync(HttpMethod.Get, $"/api/notifications/events?after={cursor}&limit=500");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            if (items.Count == 0)
            {
                return events;
            }
            events.AddRange(items);
            cursor = page.GetProperty("nextCursor").GetString()!;
        }
    }
}

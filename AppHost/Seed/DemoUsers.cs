using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fabriques.AppHost.Seed;

/// <summary>A person of the demo programme, as the development issuer (<c>POST /dev/token</c>) signs them in.</summary>
internal sealed record DemoPerson(string Subject, string Name, string Email, string Role, params string[] Regions);

/// <summary>The seed stopped: a call answered what the scenario did not expect (the message says which, and the answer).</summary>
internal sealed class DemoSeedException(string message) : Exception(message);

/// <summary>
/// The demo's people and their tokens, kept for the AppHost's lifetime: the gateway issues development tokens sparingly
/// (<c>RateLimiting:DevToken</c>, per client address), and a second run of the seed must not spend them again.
/// </summary>
internal sealed class DemoUsers(HttpClient gateway)
{
    /// <summary>A token is asked again when it has less than this left: the seed must not see it expire half-way.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new();

    public async Task<DemoUser> SignInAsync(DemoPerson person, CancellationToken ct)
    {
        if (!_tokens.TryGetValue(person.Subject, out var held) || held.Expires - Margin < DateTimeOffset.UtcNow)
        {
            using var answer = await gateway.PostAsJsonAsync("/dev/token",
                new { sub = person.Subject, name = person.Name, email = person.Email, roles = new[] { person.Role }, regions = person.Regions }, ct);
            var token = await DemoUser.ReadAsync(answer, "POST /dev/token", ct);
            held = (token.GetProperty("accessToken").GetString()!, DateTimeOffset.UtcNow.AddSeconds(token.GetProperty("expiresIn").GetInt32()));
            _tokens[person.Subject] = held;
        }
        return new DemoUser(gateway, person, held.Token);
    }
}

/// <summary>One signed-in person calling the gateway; writes carry an <c>Idempotency-Key</c>, so a retried call changes nothing more.</summary>
internal sealed class DemoUser(HttpClient gateway, DemoPerson person, string token)
{
    public DemoPerson Person => person;

    public async Task<JsonElement> GetAsync(string path, CancellationToken ct)
    {
        using var answer = await SendAsync(HttpMethod.Get, path, body: null, idempotencyKey: null, ct);
        return await ReadAsync(answer, $"GET {path}", ct);
    }

    public async Task<JsonElement> PostAsync(string path, object? body, string? idempotencyKey, CancellationToken ct)
    {
        using var answer = await SendAsync(HttpMethod.Post, path, body, idempotencyKey, ct);
        return await ReadAsync(answer, $"POST {path}", ct);
    }

    /// <summary>The answer as it is, for a caller that waits for a refusal to turn into a success.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await gateway.SendAsync(request, ct);
    }

    /// <summary>The JSON of a successful answer; otherwise the seed stops with the problem the platform answered.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage answer, string call, CancellationToken ct)
    {
        var text = await answer.Content.ReadAsStringAsync(ct);
        if (!answer.IsSuccessStatusCode)
        {
            throw new DemoSeedException($"{call} answered {(int)answer.StatusCode}: {text}");
        }
        return answer.StatusCode == HttpStatusCode.NoContent || text.Length == 0
            ? default
            : JsonDocument.Parse(text).RootElement.Clone();
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Testing;

namespace Fabriques.Grants.Tests.Support;

/// <summary><c>GET /api/grants/programme/consistency</c>, as a gestionnaire reads it.</summary>
public static class ConsistencyApi
{
    public const string Path = "/api/grants/programme/consistency";

    public static async Task<List<JsonElement>> ViolationsAsync(HttpClient gestionnaire)
    {
        var report = await gestionnaire.GetFromJsonAsync<JsonElement>(Path, TestContext.Current.CancellationToken);
        return [.. report.GetProperty("violations").EnumerateArray()];
    }

    /// <summary>The violations about <paramref name="id"/> (a candidature, grant or place), once events have settled into <paramref name="expected"/> of them.</summary>
    public static async Task<List<JsonElement>> SettledAboutAsync(HttpClient gestionnaire, Guid id, int expected = 0)
    {
        List<JsonElement> about = [];
        await Eventually.SucceedsAsync(async () =>
        {
            about = (await ViolationsAsync(gestionnaire)).Where(v => Mentions(v, id)).ToList();
            return about.Count == expected;
        }, TimeSpan.FromSeconds(30), $"the consistency check never showed {expected} violation(s) about {id}");
        return about;
    }

    private static bool Mentions(JsonElement violation, Guid id) =>
        new[] { "candidatureId", "grantId", "placeId" }.Any(p =>
            violation.TryGetProperty(p, out var value) && value.ValueKind == JsonValueKind.String && value.GetGuid() == id);
}

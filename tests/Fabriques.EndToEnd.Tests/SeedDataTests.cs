using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Fabriques.ServiceDefaults;
using Fabriques.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// The demo programme a frontend team finds on day one: the platform was started with <c>--seed-demo</c> (see
/// <see cref="Platform"/>), and the dashboard's "Load seed data" runs the same load again. Everything is read through
/// the gateway, as a frontend would. In the selection-flow collection: were anything left to accept, the envelope test
/// must not be running.
/// </summary>
[Collection(SelectionFlowCollection.Name)]
public sealed class SeedDataTests(Platform platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Load_seed_data_leaves_every_state_and_kind_of_the_demo_in_place_and_a_second_run_adds_nothing()
    {
        var commands = platform.App.Services.GetRequiredService<ResourceCommandService>();
        var gestionnaire = await GatewayClient.SignInAsync(platform.Gateway, "anct-seed-data", "gestionnaire");

        var first = await commands.ExecuteCommandAsync(ResourceNames.Directory, "load-seed-data", Ct);
        Assert.True(first.Success, first.Message);
        var afterFirst = await DemoAsync(gestionnaire);
        var second = await commands.ExecuteCommandAsync(ResourceNames.Directory, "load-seed-data", Ct);

        Assert.True(second.Success, second.Message);
        Assert.Equal("0 created, 0 updated; demo programme: 0 changes", second.Message);
        var afterSecond = await DemoAsync(gestionnaire);
        Assert.Equal(afterFirst.Counts, afterSecond.Counts);

        var demo = afterSecond;
        Assert.Superset(new HashSet<string> { "closed", "open", "scheduled" }, demo.Waves.Select(w => w.GetProperty("state").GetString()!).ToHashSet());
        Assert.Superset(
            new HashSet<string> { "draft", "submitted", "under-review", "returned", "accepted", "rejected", "dismissed", "withdrawn" },
            demo.Candidatures.Select(c => c.GetProperty("state").GetString()!).ToHashSet());
        var steps = demo.Candidatures.SelectMany(c => c.GetProperty("history").EnumerateArray())
            .Select(h => (h.GetProperty("from").GetString(), h.GetProperty("to").GetString())).ToHashSet();
        Assert.Contains(("returned", "submitted"), steps); // returned for corrections, then submitted again
        Assert.Contains(("accepted", "under-review"), steps); // reopened after its acceptance
        Assert.Contains(demo.Candidatures, c => c.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("motivation").GetString() is { Length: > 0 }));

        Assert.Superset(new HashSet<string> { "planned", "committed", "paid" },
            demo.Grants.Where(g => g.GetProperty("state").GetString() == "active")
                .Select(g => g.GetProperty("instalments")[0].GetProperty("state").GetString()!).ToHashSet());
        Assert.Contains(demo.Grants, g => g.GetProperty("state").GetString() == "cancelled"); // the reopened candidature's
        Assert.Contains(demo.Grants, g => g.GetProperty("digitalBonus").GetDecimal() > 0);
        Assert.Equal(demo.Candidatures.Count(c => c.GetProperty("state").GetString() == "accepted"),
            demo.Grants.Count(g => g.GetProperty("state").GetString() == "active"));
        Assert.NotEmpty(demo.Opinions);

        var granted = demo.Grants.Where(g => g.GetProperty("state").GetString() == "active").Select(g => g.GetProperty("placeId").GetString()!).ToList();
        foreach (var place in granted)
        {
            await ProgrammeConsistencyTests.LabelAsync(gestionnaire, place,
                demo.Grants.Single(g => g.GetProperty("placeId").GetString() == place && g.GetProperty("state").GetString() == "active").GetProperty("id").GetString()!);
        }
        await EmailedAsync(gestionnaire, demo.Owners);
        await PublishedAsync(gestionnaire, demo);
        await Eventually.SucceedsAsync(async () =>
        {
            var report = await gestionnaire.JsonAsync(HttpMethod.Get, "/api/grants/programme/consistency");
            return !report.GetProperty("violations").EnumerateArray().Any(v =>
                demo.PlaceIds.Contains(v.GetProperty("placeId").GetString() ?? "")
                || demo.CandidatureIds.Contains(v.GetProperty("candidatureId").GetString() ?? ""));
        }, Patience, "the consistency check reports a violation about the demo programme");
    }

    /// <summary>The porteurs of the demo were written to at every step that concerns them.</summary>
    private static Task EmailedAsync(GatewayClient gestionnaire, IReadOnlySet<string> owners) => Eventually.SucceedsAsync(async () =>
    {
        var emails = await AllAsync(gestionnaire, "/api/notifications");
        var templates = emails.Where(e => owners.Contains(e.GetProperty("to").GetString() ?? ""))
            .Select(e => e.GetProperty("template").GetString()!).ToHashSet();
        return templates.IsSupersetOf([
            "candidature-submitted", "candidature-review-started", "candidature-returned", "candidature-accepted", "candidature-rejected",
            "candidature-dismissed", "candidature-withdrawn", "candidature-reopened", "grant-awarded", "grant-cancelled", "instalment-paid"]);
    }, Patience, "the demo's porteurs did not get every kind of e-mail");

    /// <summary>Partners see the demo on the feed: every kind of event it caused, about its own waves, places, candidatures and grants.</summary>
    private static Task PublishedAsync(GatewayClient gestionnaire, Demo demo) => Eventually.SucceedsAsync(async () =>
    {
        var subjects = demo.PlaceIds.Concat(demo.CandidatureIds).Concat(demo.GrantIds).Concat(demo.Waves.Select(w => w.GetProperty("id").GetString()!)).ToHashSet();
        var types = new HashSet<string>();
        for (var cursor = ""; ;)
        {
            var page = await gestionnaire.JsonAsync(HttpMethod.Get, $"/api/notifications/events?limit=1000{(cursor.Length > 0 ? $"&after={cursor}" : "")}");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            types.UnionWith(items.Where(e => subjects.Contains(e.GetProperty("subject").GetString() ?? "")).Select(e => e.GetProperty("type").GetString()!));
            if (items.Count < 1000)
            {
                break;
            }
            cursor = Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!);
        }
        return types.IsSupersetOf(new[]
        {
            "wave.opened", "wave.closed", "place.registered", "place.labelled", "candidature.submitted", "candidature.review-started",
            "candidature.returned", "candidature.accepted", "candidature.rejected", "candidature.dismissed", "candidature.withdrawn",
            "candidature.reopened", "grant.awarded", "grant.instalment-committed", "grant.instalment-paid", "grant.cancelled",
        }.Select(t => $"fr.anct.fabriques.{t}"));
    }, Patience, "partners did not get every kind of event of the demo");

    /// <summary>What the demo holds, read through the gateway; <see cref="Counts"/> are what a second run must not change.</summary>
    private sealed record Demo(
        List<JsonElement> Waves, List<JsonElement> Candidatures, List<JsonElement> Grants, List<JsonElement> Opinions, List<JsonElement> Places)
    {
        public HashSet<string> PlaceIds => [.. Candidatures.Select(c => c.GetProperty("placeId").GetString()!)];
        public HashSet<string> CandidatureIds => [.. Candidatures.Select(c => c.GetProperty("id").GetString()!)];
        public HashSet<string> GrantIds => [.. Grants.Select(g => g.GetProperty("id").GetString()!)];

        /// <summary>The porteurs' addresses, which the demo's e-mails go to.</summary>
        public HashSet<string> Owners => [.. Candidatures.Select(c => c.GetProperty("applicant").GetProperty("contactEmail").GetString()!)];

        public string Counts =>
            $"waves {Waves.Count}, places {Places.Count}, candidatures {Candidatures.Count}, " +
            $"steps {Candidatures.Sum(c => c.GetProperty("history").GetArrayLength())}, grants {Grants.Count}, " +
            $"instalments {string.Join(" ", Grants.SelectMany(g => g.GetProperty("instalments").EnumerateArray()).Select(i => i.GetProperty("state").GetString()))}, " +
            $"opinions {Opinions.Count}";
    }

    /// <summary>
    /// The demo's waves (those of its calendar: named by their dates, unlike the other tests' waves), its porteurs'
    /// candidatures (subjects <c>demo-porteur-…</c>), their places (each found once by its name), grants and opinions.
    /// </summary>
    private static async Task<Demo> DemoAsync(GatewayClient gestionnaire)
    {
        var waves = (await AllAsync(gestionnaire, "/api/candidatures/waves"))
            .Where(w => w.GetProperty("name").GetString()!.StartsWith("Vague du ", StringComparison.Ordinal)
                        && w.GetProperty("deadline").GetDateTimeOffset() < DateTimeOffset.UtcNow.AddYears(2)).ToList();
        var candidatures = new List<JsonElement>();
        foreach (var listed in (await AllAsync(gestionnaire, "/api/candidatures"))
                 .Where(c => c.GetProperty("ownerId").GetString()!.StartsWith("demo-porteur-", StringComparison.Ordinal)))
        {
            candidatures.Add(await gestionnaire.JsonAsync(HttpMethod.Get, $"/api/candidatures/{listed.GetProperty("id").GetString()}"));
        }
        var placeIds = candidatures.Select(c => c.GetProperty("placeId").GetString()!).ToHashSet();
        var grants = (await AllAsync(gestionnaire, "/api/grants")).Where(g => placeIds.Contains(g.GetProperty("placeId").GetString()!)).ToList();
        var opinions = new List<JsonElement>();
        var places = new List<JsonElement>();
        foreach (var candidature in candidatures)
        {
            var id = candidature.GetProperty("id").GetString();
            opinions.AddRange((await gestionnaire.JsonAsync(HttpMethod.Get, $"/api/candidatures/{id}/opinions")).GetProperty("items").EnumerateArray());
            var place = await gestionnaire.JsonAsync(HttpMethod.Get, $"/api/directory/places/{candidature.GetProperty("placeId").GetString()}");
            var name = place.GetProperty("name").GetString()!;
            places.AddRange((await gestionnaire.JsonAsync(HttpMethod.Get, $"/api/directory/places?q={Uri.EscapeDataString(name)}&pageSize=50"))
                .GetProperty("items").EnumerateArray().Where(p => p.GetProperty("name").GetString() == name));
        }
        return new Demo(waves, candidatures, grants, opinions, places);
    }

    /// <summary>Every item of a paged list.</summary>
    private static async Task<List<JsonElement>> AllAsync(GatewayClient client, string path)
    {
        var all = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var answer = await client.JsonAsync(HttpMethod.Get, $"{path}?page={page}&pageSize=200");
            var items = answer.GetProperty("items").EnumerateArray().ToList();
            all.AddRange(items);
            if (all.Count >= answer.GetProperty("total").GetInt32() || items.Count == 0)
            {
                return all;
            }
        }
    }
}

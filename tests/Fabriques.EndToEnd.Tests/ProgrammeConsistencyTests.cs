using System.Text.Json;
using Fabriques.Testing;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// Undoing decisions through the gateway, on the real platform: the grant, the money, the label and the candidature
/// follow over RabbitMQ, and the consistency check ends with nothing to report. Acceptances run one after the other
/// with the other selection-flow tests (see <see cref="SelectionFlowCollection"/>).
/// </summary>
[Collection(SelectionFlowCollection.Name)]
public sealed class ProgrammeConsistencyTests(Platform platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Reopening_cancels_the_grant_and_the_label_and_accepting_again_awards_a_new_grant()
    {
        var (gestionnaire, porteur, instructeur, placeId, candidature) = await AcceptedAsync(platform, "reopened", "La Fabrique de Digne");
        var first = await GrantOfPlaceAsync(gestionnaire, placeId, "active");
        await LabelAsync(porteur, placeId, first);
        var committed = await CommittedAsync(gestionnaire);

        await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/reopen", new { motivation = "Le plan de financement doit être revu." });

        var cancelled = await GrantOfPlaceAsync(gestionnaire, placeId, "cancelled");
        Assert.Equal(first, cancelled);
        await Eventually.SucceedsAsync(async () => await LabelsAsync(porteur, placeId) is [], Patience, "the label of the cancelled grant stayed");
        var grant = await gestionnaire.JsonAsync(HttpMethod.Get, $"/api/grants/{first}");
        Assert.Equal("instructeur-reopened",
            grant.GetProperty("ledger").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "released").GetProperty("actor").GetString());
        Assert.Equal("instructeur-reopened",
            grant.GetProperty("ledger").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "awarded").GetProperty("actor").GetString());
        Assert.True(await CommittedAsync(gestionnaire) <= committed - grant.GetProperty("total").GetDecimal());

        await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/decision", new { decision = "accepted", score = 82 });

        var second = await GrantOfPlaceAsync(gestionnaire, placeId, "active");
        Assert.NotEqual(first, second);
        await LabelAsync(porteur, placeId, second);
        await Eventually.SucceedsAsync(async () =>
        {
            var read = await instructeur.JsonAsync(HttpMethod.Get, candidature);
            return read.GetProperty("grant") is { ValueKind: JsonValueKind.Object } g && g.GetProperty("id").GetString() == second;
        }, Patience, "the candidature does not show its new grant");
        await EmailedAsync(porteur, "candidature-reopened", "grant-cancelled");
        await NoViolationAboutAsync(gestionnaire, candidature, placeId);
    }

    [Fact]
    public async Task A_grant_cancelled_by_a_gestionnaire_shows_on_the_candidature_which_can_then_be_reopened()
    {
        var (gestionnaire, porteur, instructeur, placeId, candidature) = await AcceptedAsync(platform, "cancelled", "Le Tiers-lieu de Sisteron");
        var grant = await GrantOfPlaceAsync(gestionnaire, placeId, "active");

        await gestionnaire.JsonAsync(HttpMethod.Post, $"/api/grants/{grant}/cancel", new { motivation = "Le lieu a fermé ses portes." });

        await Eventually.SucceedsAsync(async () =>
        {
            var read = await instructeur.JsonAsync(HttpMethod.Get, candidature);
            return read.GetProperty("grant") is { ValueKind: JsonValueKind.Object } g
                   && g.GetProperty("id").GetString() == grant && g.GetProperty("state").GetString() == "cancelled";
        }, Patience, "the candidature does not show that its grant was cancelled");
        var reopened = await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/reopen", new { motivation = "La subvention a été annulée." });
        Assert.Equal("under-review", reopened.GetProperty("state").GetString());
        await Eventually.SucceedsAsync(async () => await LabelsAsync(porteur, placeId) is [], Patience, "the label of the cancelled grant stayed");
        await EmailedAsync(porteur, "grant-cancelled", "candidature-reopened");
        await NoViolationAboutAsync(gestionnaire, candidature, placeId);
    }

    /// <summary>A place registered, its candidature submitted and accepted by the scenario's instructeur.</summary>
    internal static async Task<(GatewayClient Gestionnaire, GatewayClient Porteur, GatewayClient Instructeur, string PlaceId, string Candidature)> AcceptedAsync(
        Platform platform, string scenario, string placeName)
    {
        var (gestionnaire, porteur, instructeur) = await SelectionFlowTests.SignInAsync(platform, scenario);
        var (placeId, candidature) = await SelectionFlowTests.ApplyAsync(gestionnaire, porteur, placeName);
        await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/review");
        await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/decision", new { decision = "accepted", score = 80 });
        return (gestionnaire, porteur, instructeur, placeId, candidature);
    }

    internal static async Task<string> GrantOfPlaceAsync(GatewayClient gestionnaire, string placeId, string state) =>
        (string)await Eventually.ReturnsAsync(async () =>
        {
            var grants = await gestionnaire.JsonAsync(HttpMethod.Get, "/api/grants?pageSize=200");
            return grants.GetProperty("items").EnumerateArray()
                .Where(g => g.GetProperty("placeId").GetString() == placeId && g.GetProperty("state").GetString() == state)
                .OrderByDescending(g => g.GetProperty("awardedAt").GetDateTimeOffset())
                .Select(g => (object)g.GetProperty("id").GetString()!).FirstOrDefault();
        }, Patience, $"no {state} grant for the place");

    internal static async Task<List<JsonElement>> LabelsAsync(GatewayClient client, string placeId) =>
        [.. (await client.JsonAsync(HttpMethod.Get, $"/api/directory/places/{placeId}")).GetProperty("labels").EnumerateArray()];

    internal static Task LabelAsync(GatewayClient client, string placeId, string grantId) => Eventually.SucceedsAsync(
        async () => (await LabelsAsync(client, placeId)).Any(l => l.GetProperty("grantId").GetString() == grantId),
        Patience, "the place was not labelled for its grant");

    internal static async Task<decimal> CommittedAsync(GatewayClient gestionnaire) =>
        (await gestionnaire.JsonAsync(HttpMethod.Get, "/api/grants/programme")).GetProperty("committed").GetDecimal();

    private static Task EmailedAsync(GatewayClient porteur, params string[] templates) => Eventually.SucceedsAsync(async () =>
    {
        var emails = await porteur.JsonAsync(HttpMethod.Get, "/api/notifications?pageSize=200");
        return emails.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("template").GetString()).ToHashSet().IsSupersetOf(templates);
    }, Patience, $"the porteur was not written to: {string.Join(", ", templates)}");

    /// <summary>Polls the consistency check until nothing is reported about this candidature or place (events still in flight are given time).</summary>
    internal static Task NoViolationAboutAsync(GatewayClient gestionnaire, string candidature, string placeId) => Eventually.SucceedsAsync(async () =>
    {
        var report = await gestionnaire.JsonAsync(HttpMethod.Get, "/api/grants/programme/consistency");
        return !report.GetProperty("violations").EnumerateArray().Any(v =>
            v.GetProperty("placeId").GetString() == placeId
            || (v.GetProperty("candidatureId").GetString() is { } c && candidature.EndsWith(c, StringComparison.Ordinal)));
    }, Patience, "the consistency check still reports a violation about the candidature or its place");
}

/// <summary>
/// Runs alone, with nothing else in flight: once the events of every test have settled, the programme is consistent.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsistencyCollection
{
    public const string Name = "programme consistency";
}

[Collection(ConsistencyCollection.Name)]
public sealed class ProgrammeEndsConsistentTests(Platform platform)
{
    [Fact]
    public async Task Once_events_settle_the_consistency_check_reports_nothing()
    {
        var gestionnaire = await GatewayClient.SignInAsync(platform.Gateway, "anct-consistency", "gestionnaire");
        var last = "";
        await Eventually.SucceedsAsync(async () =>
        {
            var report = await gestionnaire.JsonAsync(HttpMethod.Get, "/api/grants/programme/consistency");
            last = report.GetProperty("violations").ToString();
            return report.GetProperty("violations").GetArrayLength() == 0;
        }, TimeSpan.FromSeconds(90), "the programme is not consistent");
        Assert.Equal("[]", last);
    }
}

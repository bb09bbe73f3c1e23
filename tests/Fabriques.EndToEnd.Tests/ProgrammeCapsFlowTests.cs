using System.Net;
using System.Text.Json;
using Fabriques.Testing;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// The caps of a grant are the grants service's settings (<c>PUT /api/grants/programme</c>): candidature learns them by
/// event and checks submissions against them, and the award applies the same ones. The caps changed here still admit
/// the other tests' candidatures (50 000 € for 3 years); the tests that change the programme's envelope run one after
/// the other with this one (see <see cref="SelectionFlowCollection"/>).
/// </summary>
[Collection(SelectionFlowCollection.Name)]
public sealed class ProgrammeCapsFlowTests(Platform platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Caps_changed_by_a_gestionnaire_are_the_ones_submission_and_award_apply()
    {
        var (gestionnaire, porteur, instructeur) = await SelectionFlowTests.SignInAsync(platform, "caps");
        // Beyond the contract's defaults (50 000 € a year, 75 000 to 150 000 € in all) both ways.
        var previous = await SetCapsAsync(gestionnaire, new { maxPerYear = 60_000m, minTotal = 120_000m, maxTotal = 180_000m });
        string placeId, candidature;
        try
        {
            // 60 000 € a year is over the default cap: submitted once candidature has learnt the new caps.
            (placeId, candidature) = await SelectionFlowTests.ApplyAsync(gestionnaire, porteur, "La Fabrique de Riez",
                funding: new { amountPerYear = 60_000, durationYears = 3 });

            // 100 000 € in all fitted the defaults, and is now under the minimum.
            var (_, small) = await SelectionFlowTests.DraftAsync(gestionnaire, porteur, "Le Tiers-lieu de Moustiers",
                funding: new { amountPerYear = 50_000, durationYears = 2 });
            var refused = await IneligibleAsync(porteur, small);
            Assert.Contains("120 000", French(Assert.Single(refused.GetProperty("funding").EnumerateArray())));
            Assert.False(refused.TryGetProperty("funding.amountPerYear", out _));

            // The award checks the same caps: over the default cap, the grant is awarded in full.
            await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/review");
            await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/decision", new { decision = "accepted", score = 78 });
            var grant = await ProgrammeConsistencyTests.GrantOfPlaceAsync(gestionnaire, placeId, "active");
            var awarded = await gestionnaire.JsonAsync(HttpMethod.Get, $"/api/grants/{grant}");
            Assert.Equal(("active", 60_000m, 180_000m),
                (awarded.GetProperty("state").GetString(), awarded.GetProperty("amountPerYear").GetDecimal(), awarded.GetProperty("total").GetDecimal()));
        }
        finally
        {
            await SetCapsAsync(gestionnaire, previous);
        }

        // Back to the previous caps, candidature refuses 60 000 € a year again. The draft's 4 years are never allowed, so
        // no submission goes through while the announcement of the restored caps is on its way.
        var (_, large) = await SelectionFlowTests.DraftAsync(gestionnaire, porteur, "La Fabrique de Valensole",
            funding: new { amountPerYear = 60_000, durationYears = 4 });
        var overCap = await IneligibleAsync(porteur, large, field: "funding.amountPerYear");
        Assert.Contains("50 000", French(Assert.Single(overCap.GetProperty("funding.amountPerYear").EnumerateArray())));
        await ProgrammeConsistencyTests.NoViolationAboutAsync(gestionnaire, candidature, placeId);
    }

    /// <summary>A message with French typography's no-break spaces read as plain spaces.</summary>
    private static string French(JsonElement message) => message.GetString()!.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    /// <summary>Replaces the caps, keeping every other setting; returns the caps it replaced.</summary>
    private static async Task<JsonElement> SetCapsAsync(GatewayClient gestionnaire, object caps)
    {
        using var read = await gestionnaire.SendAsync(HttpMethod.Get, "/api/grants/programme");
        read.EnsureSuccessStatusCode();
        var programme = JsonDocument.Parse(await read.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
        await gestionnaire.JsonAsync(HttpMethod.Put, "/api/grants/programme", ProgrammeSettings.From(programme, caps: caps), read.Headers.ETag?.ToString());
        return programme.GetProperty("caps");
    }

    /// <summary>
    /// The <c>errors</c> of the 422 that submitting <paramref name="candidature"/> answers once the candidature service
    /// knows its place and refuses it on <paramref name="field"/> (the programme's caps arrive by event too).
    /// </summary>
    private static async Task<JsonElement> IneligibleAsync(GatewayClient porteur, string candidature, string field = "funding")
    {
        var errors = await Eventually.ReturnsAsync(async () =>
        {
            using var submitted = await porteur.SendAsync(HttpMethod.Post, $"{candidature}/submit");
            Assert.NotEqual(HttpStatusCode.OK, submitted.StatusCode);
            if (submitted.StatusCode != HttpStatusCode.UnprocessableContent)
            {
                return null;
            }
            var problem = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
            var found = problem.GetProperty("errors");
            return found.TryGetProperty(field, out _) && !found.TryGetProperty("placeId", out _) ? (object)found : null;
        }, Patience, $"submitting {candidature} was not refused on {field}");
        return (JsonElement)errors;
    }
}

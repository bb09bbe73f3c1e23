using System.Net;
using System.Text.Json;
using Fabriques.Testing;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// The programme's main flow, as frontends drive it through the gateway: a wave is open, a porteur registers a place
/// and applies, an instructeur accepts; grants awards the subsidy (or refuses it, and the candidature goes back to
/// review), the directory labels the place, notification writes to the porteur and tells partners — every hop over
/// RabbitMQ. Its tests share the programme's envelope one after the other (see <see cref="SelectionFlowCollection"/>).
/// </summary>
[Collection(SelectionFlowCollection.Name)]
public sealed class SelectionFlowTests(Platform platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_accepted_candidature_becomes_a_grant_a_labelled_place_emails_and_partner_events()
    {
        var (gestionnaire, porteur, instructeur) = await SignInAsync(platform, "accepted");
        var (placeId, candidature) = await ApplyAsync(gestionnaire, porteur, "La Fabrique de Malijai");

        await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/review");
        var decided = await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/decision",
            new { decision = "accepted", motivation = "Projet solide, ancré dans son territoire.", score = 85 });
        Assert.Equal("accepted", decided.GetProperty("state").GetString());

        var grant = await Eventually.ReturnsAsync(async () =>
        {
            var grants = await gestionnaire.JsonAsync(HttpMethod.Get, "/api/grants?pageSize=200");
            return grants.GetProperty("items").EnumerateArray()
                .Where(g => g.GetProperty("placeId").GetString() == placeId).Select(g => (object)g).FirstOrDefault();
        }, Patience, "no grant was awarded");
        var grantId = ((JsonElement)grant).GetProperty("id").GetString();

        var label = await Eventually.ReturnsAsync(async () =>
        {
            var labelled = await porteur.JsonAsync(HttpMethod.Get, $"/api/directory/places/{placeId}");
            return labelled.GetProperty("labels").EnumerateArray().Select(l => (object)l).FirstOrDefault();
        }, Patience, "the place was not labelled");
        Assert.Equal("fabrique-de-territoire", ((JsonElement)label).GetProperty("label").GetString());
        Assert.Equal(grantId, ((JsonElement)label).GetProperty("grantId").GetString());

        await Eventually.SucceedsAsync(async () =>
        {
            var emails = await porteur.JsonAsync(HttpMethod.Get, "/api/notifications?pageSize=200");
            var templates = emails.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("template").GetString()).ToHashSet();
            return templates.IsSupersetOf(["candidature-submitted", "candidature-accepted", "grant-awarded"]);
        }, Patience, "the porteur's e-mails were not all recorded");

        await Eventually.SucceedsAsync(async () =>
        {
            var feed = await gestionnaire.JsonAsync(HttpMethod.Get, "/api/notifications/events?limit=1000");
            var types = feed.GetProperty("items").EnumerateArray()
                .Where(e => e.GetProperty("subject").GetString() is { } s && (s == placeId || s == grantId || candidature.EndsWith(s, StringComparison.Ordinal)))
                .Select(e => e.GetProperty("type").GetString()).ToHashSet();
            return types.IsSupersetOf([
                "fr.anct.fabriques.candidature.submitted", "fr.anct.fabriques.candidature.accepted",
                "fr.anct.fabriques.grant.awarded", "fr.anct.fabriques.place.labelled"]);
        }, Patience, "partners did not get every event of the flow");
    }

    [Fact]
    public async Task An_acceptance_the_envelope_cannot_fund_goes_back_to_review_with_the_reason()
    {
        var (gestionnaire, porteur, instructeur) = await SignInAsync(platform, "refused");
        var (placeId, candidature) = await ApplyAsync(gestionnaire, porteur, "Le Tiers-lieu de Manosque");
        // One euro left: less than any grant, and an envelope must be positive even before any award.
        var envelope = await SetEnvelopeAsync(gestionnaire, remaining: 1m);
        try
        {
            await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/review");
            await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/decision",
                new { decision = "accepted", motivation = "Projet retenu.", score = 80 });

            var reviewed = await Eventually.ReturnsAsync(async () =>
            {
                var read = await instructeur.JsonAsync(HttpMethod.Get, candidature);
                return read.GetProperty("state").GetString() == "under-review" ? (object)read : null;
            }, Patience, "the refused award did not send the candidature back to review");

            var back = ((JsonElement)reviewed).GetProperty("history").EnumerateArray().Last();
            Assert.Equal("accepted", back.GetProperty("from").GetString());
            Assert.Contains("enveloppe", back.GetProperty("motivation").GetString(), StringComparison.OrdinalIgnoreCase);
            var grants = await gestionnaire.JsonAsync(HttpMethod.Get, "/api/grants?pageSize=200");
            Assert.DoesNotContain(grants.GetProperty("items").EnumerateArray(), g => g.GetProperty("placeId").GetString() == placeId);
        }
        finally
        {
            await SetEnvelopeAsync(gestionnaire, envelope: envelope);
        }
    }

    internal static async Task<(GatewayClient Gestionnaire, GatewayClient Porteur, GatewayClient Instructeur)> SignInAsync(
        Platform platform, string scenario) => (
        await GatewayClient.SignInAsync(platform.Gateway, $"anct-{scenario}", "gestionnaire"),
        await GatewayClient.SignInAsync(platform.Gateway, $"porteur-{scenario}", "porteur"),
        await GatewayClient.SignInAsync(platform.Gateway, $"instructeur-{scenario}", "instructeur"));

    /// <summary>
    /// Registers a place and submits a candidature for it in the open wave (50 000 € a year for 3 years unless
    /// <paramref name="funding"/> says otherwise), the submission in the trace <paramref name="traceParent"/> when given;
    /// returns the place and the candidature's path.
    /// </summary>
    internal static async Task<(string PlaceId, string Candidature)> ApplyAsync(
        GatewayClient gestionnaire, GatewayClient porteur, string name, string? traceParent = null, object? funding = null)
    {
        var (placeId, candidature) = await DraftAsync(gestionnaire, porteur, name, funding);

        // The candidature service learns of the place from PlaceRegistered: submit once it has.
        await Eventually.SucceedsAsync(async () =>
        {
            using var submit = porteur.Request(HttpMethod.Post, $"{candidature}/submit");
            if (traceParent is not null)
            {
                submit.Headers.Add("traceparent", traceParent);
            }
            using var submitted = await porteur.SendAsync(submit);
            return submitted.StatusCode == HttpStatusCode.OK;
        }, Patience, "the candidature could not be submitted (place unknown to the candidature service?)");
        return (placeId, candidature);
    }

    /// <summary>Registers a place and writes a draft candidature for it, not submitted; returns the place and the candidature's path.</summary>
    internal static async Task<(string PlaceId, string Candidature)> DraftAsync(
        GatewayClient gestionnaire, GatewayClient porteur, string name, object? funding = null)
    {
        await OpenWave.EnsureAsync(gestionnaire);
        var place = await porteur.JsonAsync(HttpMethod.Post, "/api/directory/places", new
        {
            name,
            pivot = "73282932000074",
            address = new { street = "2 lotissement les micocouliers", postalCode = "04350", inseeCode = "04111", commune = "Malijai" },
        });
        var placeId = place.GetProperty("id").GetString()!;
        var draft = await porteur.JsonAsync(HttpMethod.Post, "/api/candidatures", new
        {
            placeId,
            applicant = new
            {
                organisationName = "Association ECE 04", pivot = "73282932000074", legalStatus = "association",
                contactName = "Camille Martin", contactEmail = "camille.martin@example.org",
            },
            project = new
            {
                title = $"Fabrique de territoire : {name}", summary = "Un tiers-lieu ressource pour la vallée.",
                services = new[] { "fablab", "coworking" }, partners = new[] { "Communauté d'agglomération" }, jobsFte = 2.5,
            },
            territory = new { kind = "outside-large-urban-centres" },
            digital = false,
            funding = funding ?? new { amountPerYear = 50_000, durationYears = 3 },
        });
        return (placeId, $"/api/candidatures/{draft.GetProperty("id").GetString()}");
    }

    /// <summary>Sets the programme's envelope (or leaves <paramref name="remaining"/> euros); returns the envelope it replaced.</summary>
    private static async Task<decimal> SetEnvelopeAsync(GatewayClient gestionnaire, decimal? envelope = null, decimal? remaining = null)
    {
        using var read = await gestionnaire.SendAsync(HttpMethod.Get, "/api/grants/programme");
        read.EnsureSuccessStatusCode();
        var programme = JsonDocument.Parse(await read.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var body = ProgrammeSettings.From(programme, envelope ?? programme.GetProperty("committed").GetDecimal() + remaining!.Value);
        await gestionnaire.JsonAsync(HttpMethod.Put, "/api/grants/programme", body, read.Headers.ETag?.ToString());
        return programme.GetProperty("envelope").GetDecimal();
    }
}

/// <summary>
/// Tests that accept candidatures, one after the other: the refusal test leaves one euro in the envelope for a moment,
/// and an acceptance of another test in that moment would be refused too.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SelectionFlowCollection
{
    public const string Name = "selection flow";
}

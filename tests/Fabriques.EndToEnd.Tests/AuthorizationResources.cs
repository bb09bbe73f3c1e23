using System.Globalization;
using System.Net;
using System.Text.Json;
using Fabriques.Testing;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// Prepares, through the gateway and as the users themselves would, the resources the rows of the authorization
/// matrix act on: porteur A's places, candidatures in each state and grants, the partenaire's subscriptions.
/// </summary>
/// <remarks><paramref name="regionalInstructeur"/>, of the région of porteur A's places, tells when the candidature service knows a place.</remarks>
public sealed class AuthorizationResources(
    GatewayClient porteur, GatewayClient instructeur, GatewayClient gestionnaire, GatewayClient partenaire, GatewayClient regionalInstructeur)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Nothing listens there: deliveries fail fast and are logged, which is all the matrix needs.</summary>
    public const string WebhookUrl = "http://127.0.0.1:9/webhooks/matrix";

    private string? _draftPlace;
    private readonly List<string> _fundedCandidatures = [];

    /// <summary>Values for the placeholders of one row, each prepared afresh.</summary>
    public async Task<Dictionary<string, string>> PrepareAsync(IEnumerable<string> placeholders)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var placeholder in placeholders)
        {
            switch (placeholder)
            {
                case "place": values[placeholder] = await PlaceAsync(porteur); break;
                case "wave": values[placeholder] = await OpenWaveAsync(); break;
                case "candidature:draft": values[placeholder] = await KnownDraftAsync(); break;
                case "candidature:draft-documented":
                    values[placeholder] = await KnownDraftAsync();
                    values["document"] = await AttachAsync(values[placeholder]);
                    break;
                case "candidature:documented": (values[placeholder], values["document"]) = await DocumentedAsync(); break;
                case "document": break; // prepared with its candidature
                case "candidature:ready": values[placeholder] = await ReadyAsync(); break;
                case "candidature:submitted": values[placeholder] = await SubmittedAsync(); break;
                case "candidature:under-review": values[placeholder] = await UnderReviewAsync(); break;
                case "candidature:rejected": values[placeholder] = await DecidedAsync("rejected"); break;
                case "grant": values[placeholder] = await GrantAsync(); break;
                case "grant:committed": values[placeholder] = await CommittedGrantAsync(); break;
                case "year": values[placeholder] = "1"; break;
                case "subscription": values[placeholder] = await SubscriptionAsync("fr.anct.fabriques.wave.closed"); break;
                case "subscription:delivered":
                    (values[placeholder], values["event"]) = await DeliveredSubscriptionAsync();
                    break;
                case "event": break; // prepared with its subscription
                case "message": values[placeholder] = Guid.NewGuid().ToString(); break;
                case "broker-account": values[placeholder] = await BrokerAccountAsync(); break;
                default: throw new InvalidOperationException($"docs/security.md uses {{{placeholder}}}, which the test cannot prepare.");
            }
        }
        return values;
    }

    /// <summary>A place of porteur A for drafts, which may share one.</summary>
    public async Task<string> PlaceOfOwnerAsync() => _draftPlace ??= await PlaceAsync(porteur);

    public static object PlaceBody(string name) => new
    {
        name,
        pivot = "73282932000074",
        address = new { street = "2 lotissement les micocouliers", postalCode = "04350", inseeCode = "04111", commune = "Malijai" },
    };

    /// <summary>A candidature for <paramref name="placeId"/>, naming the address its author's token proves.</summary>
    public static object CandidatureBody(string placeId, string contactEmail) => new
    {
        placeId,
        applicant = new
        {
            organisationName = "Association ECE 04", pivot = "73282932000074", legalStatus = "association",
            contactName = "Camille Martin", contactEmail,
        },
        project = new
        {
            title = "Fabrique de territoire de Malijai", summary = "Un tiers-lieu ressource pour la vallée.",
            services = new[] { "fablab" }, partners = new[] { "Communauté d'agglomération" }, jobsFte = 2,
        },
        territory = new { kind = "outside-large-urban-centres" },
        digital = false,
        funding = new { amountPerYear = 25_000, durationYears = 3 },
    };

    public static string Id(JsonElement resource) => resource.GetProperty("id").GetString()!;

    public static async Task<string> PlaceAsync(GatewayClient owner) =>
        Id(await owner.JsonAsync(HttpMethod.Post, "/api/directory/places", PlaceBody($"Tiers-lieu {Guid.NewGuid():N}")));

    /// <summary>The wave open now, scheduled for 30 days when there is none.</summary>
    public Task<string> OpenWaveAsync() => OpenWave.EnsureAsync(gestionnaire);

    /// <summary>A PDF document as a porteur attaches it.</summary>
    public static MultipartFormDataContent DocumentForm()
    {
        var file = new ByteArrayContent([.. "%PDF-1.7\n%matrice\n"u8]);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { new StringContent("statuts"), "kind" }, { file, "file", "statuts.pdf" } };
    }

    /// <summary>A draft of porteur A whose place the candidature service knows (its région then scopes it).</summary>
    private async Task<string> KnownDraftAsync()
    {
        var draft = await DraftAsync(await PlaceOfOwnerAsync());
        await Eventually.SucceedsAsync(async () =>
        {
            using var read = await regionalInstructeur.SendAsync(HttpMethod.Get, $"/api/candidatures/{draft}");
            return read.StatusCode == HttpStatusCode.OK;
        }, Patience, "the draft's place did not reach the candidature service");
        return draft;
    }

    private async Task<string> AttachAsync(string candidature)
    {
        using var request = porteur.Request(HttpMethod.Post, $"/api/candidatures/{candidature}/documents");
        request.Content = DocumentForm();
        using var response = await porteur.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"the document was not attached: {text}");
        return Id(JsonDocument.Parse(text).RootElement);
    }

    /// <summary>A submitted candidature of a new place of porteur A, with a document attached while it was a draft.</summary>
    private async Task<(string Candidature, string Document)> DocumentedAsync()
    {
        await OpenWaveAsync();
        var candidature = await DraftAsync(await PlaceAsync(porteur));
        var document = await AttachAsync(candidature);
        await Eventually.SucceedsAsync(async () =>
        {
            using var submitted = await porteur.SendAsync(HttpMethod.Post, $"/api/candidatures/{candidature}/submit");
            return submitted.StatusCode == HttpStatusCode.OK;
        }, Patience, "the candidature could not be submitted (place unknown to the candidature service?)");
        return (candidature, document);
    }

    private async Task<string> DraftAsync(string placeId) =>
        Id(await porteur.JsonAsync(HttpMethod.Post, "/api/candidatures", CandidatureBody(placeId, porteur.Email)));

    /// <summary>A draft whose new place the candidature service has learnt of (a first candidature of it went through, then was withdrawn).</summary>
    private async Task<string> ReadyAsync()
    {
        var (placeId, first) = await SubmittedOfNewPlaceAsync();
        await porteur.JsonAsync(HttpMethod.Post, $"/api/candidatures/{first}/withdraw");
        return await DraftAsync(placeId);
    }

    private async Task<string> SubmittedAsync() => (await SubmittedOfNewPlaceAsync()).Candidature;

    /// <summary>A new place and a candidature of it, submitted once the candidature service knows the place from PlaceRegistered.</summary>
    private async Task<(string PlaceId, string Candidature)> SubmittedOfNewPlaceAsync()
    {
        await OpenWaveAsync();
        var placeId = await PlaceAsync(porteur);
        var candidature = await DraftAsync(placeId);
        await Eventually.SucceedsAsync(async () =>
        {
            using var submitted = await porteur.SendAsync(HttpMethod.Post, $"/api/candidatures/{candidature}/submit");
            return submitted.StatusCode == HttpStatusCode.OK;
        }, Patience, "the candidature could not be submitted (place unknown to the candidature service?)");
        return (placeId, candidature);
    }

    private async Task<string> UnderReviewAsync()
    {
        var candidature = await SubmittedAsync();
        await instructeur.JsonAsync(HttpMethod.Post, $"/api/candidatures/{candidature}/review");
        return candidature;
    }

    private async Task<string> DecidedAsync(string decision)
    {
        var candidature = await UnderReviewAsync();
        await instructeur.JsonAsync(HttpMethod.Post, $"/api/candidatures/{candidature}/decision",
            new { decision, motivation = "Décision de la matrice d'autorisations.", score = 70 });
        return candidature;
    }

    /// <summary>The grant awarded (over RabbitMQ) for a newly accepted candidature of porteur A.</summary>
    private async Task<string> GrantAsync()
    {
        var candidature = await DecidedAsync("accepted");
        _fundedCandidatures.Add(candidature);
        var grant = await Eventually.ReturnsAsync(async () =>
        {
            var grants = await gestionnaire.JsonAsync(HttpMethod.Get, "/api/grants?pageSize=200");
            return grants.GetProperty("items").EnumerateArray()
                .Where(g => g.GetProperty("candidatureId").GetString() == candidature).Select(g => (object)Id(g)).FirstOrDefault();
        }, Patience, "no grant was awarded for the accepted candidature");
        return (string)grant;
    }

    /// <summary>
    /// Leaves the programme consistent after the rows ran: a candidature whose grant a gestionnaire cancelled is reopened
    /// by the instructeur, once the candidature service knows of the cancellation (as the runbook says).
    /// </summary>
    public async Task ReopenWhereGrantCancelledAsync()
    {
        foreach (var candidature in _fundedCandidatures)
        {
            var grants = await gestionnaire.JsonAsync(HttpMethod.Get, "/api/grants?pageSize=200");
            if (!grants.GetProperty("items").EnumerateArray().Any(g =>
                    g.GetProperty("candidatureId").GetString() == candidature && g.GetProperty("state").GetString() == "cancelled"))
            {
                continue;
            }
            await Eventually.SucceedsAsync(async () =>
            {
                var read = await instructeur.JsonAsync(HttpMethod.Get, $"/api/candidatures/{candidature}");
                return read.GetProperty("grant") is { ValueKind: JsonValueKind.Object } grant && grant.GetProperty("state").GetString() == "cancelled";
            }, Patience, "the candidature never learnt that its grant was cancelled");
            await instructeur.JsonAsync(HttpMethod.Post, $"/api/candidatures/{candidature}/reopen",
                new { motivation = "La subvention a été annulée : réexamen." });
        }
    }

    private async Task<string> CommittedGrantAsync()
    {
        var grant = await GrantAsync();
        await gestionnaire.JsonAsync(HttpMethod.Post, $"/api/grants/{grant}/instalments/1/commit");
        return grant;
    }

    private async Task<string> SubscriptionAsync(string eventType) =>
        Id(await partenaire.JsonAsync(HttpMethod.Post, "/api/notifications/subscriptions",
            new { url = WebhookUrl, eventTypes = new[] { eventType }, description = "Matrice d'autorisations" }));

    private async Task<string> BrokerAccountAsync() =>
        Id(await gestionnaire.JsonAsync(HttpMethod.Post, "/api/notifications/brokers/accounts", new { name = "Matrice d'autorisations" }));

    /// <summary>A subscription to place.registered, and an event delivered (or at least tried) to it.</summary>
    private async Task<(string Subscription, string EventId)> DeliveredSubscriptionAsync()
    {
        var subscription = await SubscriptionAsync("fr.anct.fabriques.place.registered");
        await PlaceAsync(gestionnaire);
        var eventId = await Eventually.ReturnsAsync(async () =>
        {
            var log = await partenaire.JsonAsync(HttpMethod.Get, $"/api/notifications/subscriptions/{subscription}/deliveries");
            return log.GetProperty("items").EnumerateArray().Select(a => (object)a.GetProperty("eventId").GetString()!).FirstOrDefault();
        }, Patience, "no delivery was attempted to the new subscription");
        return (subscription, (string)eventId);
    }

    /// <summary>A wave that overlaps nothing: years ahead, at a random day, 30 days long.</summary>
    public static object FutureWaveBody()
    {
        var opensAt = DateTimeOffset.UtcNow.Date.AddYears(20).AddDays(Random.Shared.Next(0, 3000));
        return new
        {
            name = $"Vague du {opensAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
            opensAt = new DateTimeOffset(opensAt, TimeSpan.Zero),
            deadline = new DateTimeOffset(opensAt.AddDays(30), TimeSpan.Zero),
            maxLaureates = 30,
        };
    }

    /// <summary>One quarter of a calendar far beyond <see cref="FutureWaveBody"/>'s waves, so that it overlaps none.</summary>
    public static object FutureCalendarBody()
    {
        var from = new DateTimeOffset(2060 + Random.Shared.Next(0, 39), 1, 1, 0, 0, 0, TimeSpan.Zero);
        return new { from, until = from.AddMonths(3), every = "quarter", maxLaureates = 30 };
    }
}

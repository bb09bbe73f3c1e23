using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fabriques.Contracts.Directory;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Candidature.Tests;

/// <summary>The steps tests repeat, through the HTTP API and the broker, as a frontend and the other services would.</summary>
public sealed class Scenario(CandidatureHost host)
{
    public const string Candidatures = "/api/candidatures";
    public const string Waves = "/api/candidatures/waves";
    public const string Owner = "porteur-1";

    /// <summary>The SIRET of the organisation running the places of <see cref="PlaceAsync"/> and applying in <see cref="Body"/>.</summary>
    public const string OrganisationPivot = "73282932000074";

    public HttpClient Porteur { get; } = host.CreateClient(Owner, Roles.Porteur);
    public HttpClient Instructeur { get; } = host.CreateClient("instructeur-1", Roles.Instructeur);
    public HttpClient Gestionnaire { get; } = host.CreateClient("gestionnaire-1", Roles.Gestionnaire);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An instructeur whose token scopes them to <paramref name="regions"/>.</summary>
    public HttpClient RegionalInstructeur(string subject, params string[] regions)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", CandidatureHost.Tokens.Issue(subject, subject, TestIssuer.EmailOf(subject), [Roles.Instructeur], regions));
        return client;
    }

    public DateTimeOffset Now => host.Clock.GetUtcNow();

    /// <summary>Moves the clock a year on, past every wave created so far, so a test starts on an empty calendar.</summary>
    public DateTimeOffset NewEra()
    {
        host.Clock.Advance(TimeSpan.FromDays(365));
        return Now;
    }

    /// <summary>A wave open now for 30 days, in a new era.</summary>
    public Task<JsonElement> OpenWaveAsync(int maxLaureates = 30)
    {
        var now = NewEra();
        return CreateWaveAsync(now.AddDays(-1), now.AddDays(30), maxLaureates);
    }

    public async Task<JsonElement> CreateWaveAsync(DateTimeOffset opensAt, DateTimeOffset deadline, int maxLaureates = 30)
    {
        using var response = await Gestionnaire.PostAsJsonAsync(Waves,
            new { name = $"Vague du {opensAt:yyyy-MM-dd}", opensAt, deadline, maxLaureates }, Ct);
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    public async Task<JsonElement> WaveAsync(Guid id) => await host.CreateClient().GetFromJsonAsync<JsonElement>($"{Waves}/{id}", Ct);

    /// <summary>A place registered in the directory: <c>PlaceRegistered</c> on the broker, once the service knows it.</summary>
    public async Task<Guid> PlaceAsync(string departmentCode = "06", string regionCode = "93", string? pivot = OrganisationPivot) =>
        (await PlacesAsync(1, departmentCode, regionCode, pivot))[0];

    /// <summary>Places <see cref="Owner"/> registered, run by the organisation of <paramref name="pivot"/> (unknown when null).</summary>
    public async Task<IReadOnlyList<Guid>> PlacesAsync(int count, string departmentCode = "06", string regionCode = "93", string? pivot = OrganisationPivot)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToList();
        foreach (var placeId in ids)
        {
            await host.PublishAsync(new PlaceRegistered
            {
                PlaceId = placeId, Name = "Tiers-lieu des Moulins", InseeCode = departmentCode + "088", DepartmentCode = departmentCode,
                RegionCode = regionCode, OwnerId = Owner, Pivot = pivot, OccurredAt = Now,
            });
        }
        await Eventually.SucceedsAsync(async () => await host.QueryAsync(db => db.Places.CountAsync(p => ids.Contains(p.Id), Ct)) == count,
            TimeSpan.FromSeconds(30), "the places did not reach the candidature service");
        return ids;
    }

    /// <summary>
    /// An eligible candidature: a Fabrique numérique in a QPV, 40 000 € a year for 3 years, whose contact is the address
    /// <paramref name="porteur"/>'s token proves (<see cref="Owner"/>'s when null), as a frontend fills it in.
    /// </summary>
    public static JsonObject Body(Guid placeId, HttpClient? porteur = null) => new()
    {
        ["placeId"] = placeId,
        ["applicant"] = new JsonObject
        {
            ["organisationName"] = "Association Les Moulins",
            ["pivot"] = OrganisationPivot,
            ["legalStatus"] = "association loi 1901",
            ["contactName"] = "Camille Martin",
            ["contactEmail"] = porteur is null ? TestIssuer.EmailOf(Owner) : TestIssuer.EmailOf(porteur),
        },
        ["project"] = new JsonObject
        {
            ["title"] = "Fabrique des Moulins",
            ["summary"] = "Un atelier partagé et un espace numérique au cœur du quartier.",
            ["services"] = new JsonArray("fablab", "médiation numérique"),
            ["partners"] = new JsonArray("Ville de Nice"),
            ["jobsFte"] = 2.5,
        },
        ["territory"] = new JsonObject { ["kind"] = "qpv", ["qpvCode"] = "QN06801M" },
        ["digital"] = true,
        ["funding"] = new JsonObject { ["amountPerYear"] = 40000, ["durationYears"] = 3 },
    };

    public async Task<JsonElement> DraftAsync(JsonObject body, HttpClient? porteur = null)
    {
        using var response = await (porteur ?? Porteur).PostAsJsonAsync(Candidatures, body, Ct);
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    /// <summary>A new eligible draft of a new place; returns its id.</summary>
    public async Task<Guid> DraftAsync(HttpClient? porteur = null, string departmentCode = "06") =>
        Id(await DraftAsync(Body(await PlaceAsync(departmentCode), porteur), porteur));

    public async Task<Guid> SubmittedAsync(HttpClient? porteur = null, string departmentCode = "06") =>
        await SubmittedAsync(await PlaceAsync(departmentCode), porteur);

    public async Task<Guid> SubmittedAsync(Guid placeId, HttpClient? porteur = null)
    {
        var id = Id(await DraftAsync(Body(placeId, porteur), porteur));
        await ActAsync(porteur ?? Porteur, id, "submit");
        return id;
    }

    public async Task<Guid> UnderReviewAsync(HttpClient? porteur = null) => await UnderReviewAsync(await PlaceAsync(), porteur);

    public async Task<Guid> UnderReviewAsync(Guid placeId, HttpClient? porteur = null)
    {
        var id = await SubmittedAsync(placeId, porteur);
        await ActAsync(Instructeur, id, "review");
        return id;
    }

    public async Task<Guid> AcceptedAsync()
    {
        var id = await UnderReviewAsync();
        await ActAsync(Instructeur, id, "decision", new { decision = "accepted", score = 16 });
        return id;
    }

    /// <summary><c>POST /{id}/{action}</c>, whatever the answer.</summary>
    public Task<HttpResponseMessage> PostAsync(HttpClient client, Guid id, string action, object? body = null) =>
        body is null
            ? client.PostAsync($"{Candidatures}/{id}/{action}", null, Ct)
            : client.PostAsJsonAsync($"{Candidatures}/{id}/{action}", body, Ct);

    /// <summary><c>POST /{id}/{action}</c> that must succeed; returns the candidature.</summary>
    public async Task<JsonElement> ActAsync(HttpClient client, Guid id, string action, object? body = null)
    {
        using var response = await PostAsync(client, id, action, body);
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    public async Task<JsonElement> GetAsync(Guid id, HttpClient? client = null)
    {
        using var response = await (client ?? Instructeur).GetAsync($"{Candidatures}/{id}", Ct);
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    /// <summary>The candidature's current <c>ETag</c>, as its owner reads it.</summary>
    public async Task<string> ETagAsync(Guid id)
    {
        using var response = await Porteur.GetAsync($"{Candidatures}/{id}", Ct);
        await ReadAsync(response, HttpStatusCode.OK);
        return response.Headers.ETag!.Tag;
    }

    public async Task<JsonElement> ListAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"{Candidatures}?{query}", Ct);
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    /// <summary>The events of <paramref name="aggregateId"/> written to the outbox, in order, by CloudEvents type.</summary>
    public Task<List<string>> OutboxAsync(Guid aggregateId) => host.QueryAsync(db =>
        db.Set<Messaging.Outbox.OutboxMessage>().Where(m => m.AggregateId == aggregateId).OrderBy(m => m.Id).Select(m => m.Type).ToListAsync(Ct));

    /// <summary>The payload of the last event of <paramref name="aggregateId"/> written to the outbox with a type ending in <paramref name="suffix"/>.</summary>
    public async Task<JsonElement> OutboxEventAsync(Guid aggregateId, string suffix)
    {
        var payloads = await host.QueryAsync(db => db.Set<Messaging.Outbox.OutboxMessage>()
            .Where(m => m.AggregateId == aggregateId && m.Type.EndsWith(suffix)).OrderBy(m => m.Id).Select(m => m.Payload).ToListAsync(Ct));
        return JsonDocument.Parse(payloads.Last()).RootElement;
    }

    public static Guid Id(JsonElement resource) => resource.GetProperty("id").GetGuid();

    public static string? State(JsonElement candidature) => candidature.GetProperty("state").GetString();

    /// <summary>The body of an answer that must have <paramref name="expected"/> status (the body is in the failure message).</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A problem details answer of <paramref name="status"/> and <paramref name="type"/>.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var problem = await ReadAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>The fields named in a problem's <c>errors</c>.</summary>
    public static IReadOnlyList<string> ErrorFields(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using Fabriques.ServiceDefaults.Authentication;
using Microsoft.Extensions.Logging;

namespace Fabriques.AppHost.Seed;

/// <summary>
/// The demo programme of Région Sud, written through the gateway as its people would: a gestionnaire schedules the
/// permanent call's waves (two closed, the current one open, two scheduled), twelve porteurs register their tiers-lieux
/// and apply, the région's instructeur examines and decides, the gestionnaire commits and pays the first instalments.
/// The services do the rest as they would for anyone — grants awarded, places labelled, e-mails sent, partner events
/// published — so every list a frontend reads has real-looking answers. Convergent rather than scripted: each run
/// looks at where things stand (waves, places, each candidature's history, each grant's instalments) and only does
/// what is missing, so running it twice changes nothing, and a run stopped half-way is finished by the next.
/// </summary>
internal sealed partial class DemoProgramme(DemoUsers users, ILogger logger)
{
    /// <summary>How long the seed waits for the services to learn of what it did (events between them).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The AppHost's operator: the gestionnaire of the operator commands.</summary>
    public static readonly DemoPerson Gestionnaire =
        new(OperatorCommands.OperatorSubject, OperatorCommands.OperatorName, OperatorCommands.OperatorEmail, Roles.Gestionnaire);

    /// <summary>Région Sud's instructeur (INSEE région 93): sees only the région's candidatures, as a real one would.</summary>
    public static readonly DemoPerson Instructeur = new("demo-instructeur-sud", "Claire Dubois", "claire.dubois@example.org", Roles.Instructeur, "93");

    private int _changes;

    /// <summary>Brings the programme to the demo's state; returns how many writes that took (0 when it was there already).</summary>
    public async Task<int> LoadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var gestionnaire = await users.SignInAsync(Gestionnaire, ct);
        var instructeur = await users.SignInAsync(Instructeur, ct);
        await ScheduleWavesAsync(gestionnaire, now, ct);
        foreach (var dossier in DemoDossiers.All)
        {
            var porteur = await users.SignInAsync(dossier.Porteur, ct);
            await FollowAsync(dossier, porteur, instructeur, gestionnaire, now, ct);
        }
        return _changes;
    }

    /// <summary>
    /// The permanent call's quarters around today: the closed ones can only be scheduled with the open one, in one
    /// calendar (a wave is never created in the past). Kept as it is when any wave already lies in that period.
    /// </summary>
    private async Task ScheduleWavesAsync(DemoUser gestionnaire, DateTimeOffset now, CancellationToken ct)
    {
        var (from, until) = Calendar(now);
        var waves = await gestionnaire.GetAsync("/api/candidatures/waves?pageSize=200", ct);
        if (waves.GetProperty("items").EnumerateArray().Any(w =>
                w.GetProperty("opensAt").GetDateTimeOffset() < until && from < w.GetProperty("deadline").GetDateTimeOffset()))
        {
            LogWavesKept(logger, from, until);
            return;
        }
        await gestionnaire.PostAsync("/api/candidatures/waves/calendar",
            new { from, until, every = "quarter", maxLaureates = 30 }, $"demo:waves:{from:yyyy-MM-dd}", ct);
        _changes++;
    }

    /// <summary>From the start of the quarter two quarters back to the end of the quarter two ahead, midnight in Paris.</summary>
    internal static (DateTimeOffset From, DateTimeOffset Until) Calendar(DateTimeOffset now)
    {
        var today = TimeZoneInfo.ConvertTime(now, Paris);
        var quarter = new DateTime(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return (InParis(quarter.AddMonths(-6)), InParis(quarter.AddMonths(9)));
    }

    private static DateTimeOffset InParis(DateTime midnight) => new(midnight, Paris.GetUtcOffset(midnight));

    private async Task FollowAsync(
        DemoDossier dossier, DemoUser porteur, DemoUser instructeur, DemoUser gestionnaire, DateTimeOffset now, CancellationToken ct)
    {
        var placeId = await PlaceAsync(dossier, porteur, ct);
        var candidature = await CandidatureAsync(dossier, placeId, porteur, ct);
        var path = $"/api/candidatures/{candidature.GetProperty("id").GetString()}";
        // Each step of the scenario is one entry of the history: those already there were done by an earlier run.
        var done = candidature.GetProperty("history").GetArrayLength();
        for (var index = done; index < dossier.Steps.Count; index++)
        {
            var step = dossier.Steps[index];
            var key = $"demo:{dossier.Key}:{index}";
            if (step.Action == DemoStep.SubmitAction)
            {
                await SubmitAsync(porteur, path, key, ct);
            }
            else
            {
                if (step.Action == DemoStep.ReopenAction)
                {
                    // Reopening undoes the award: wait until there is one, as an instructeur would see it on the page.
                    await UntilAsync(async () => (await instructeur.GetAsync(path, ct)).GetProperty("grant").ValueKind == JsonValueKind.Object,
                        $"{path} shows no grant to undo", ct);
                }
                await (step.ByOwner ? porteur : instructeur).PostAsync($"{path}/{step.Action}", step.Body, key, ct);
            }
            _changes++;
        }
        if (dossier.Opinion is { } opinion
            && (await instructeur.GetAsync($"{path}/opinions", ct)).GetProperty("items").GetArrayLength() == 0)
        {
            await instructeur.PostAsync($"{path}/opinions", opinion, $"demo:{dossier.Key}:opinion", ct);
            _changes++;
        }
        if (dossier.Instalment is not DemoInstalment.Planned)
        {
            await FundAsync(dossier, placeId, gestionnaire, now, ct);
        }
    }

    /// <summary>The porteur's place, found by its name and commune, or registered.</summary>
    private async Task<string> PlaceAsync(DemoDossier dossier, DemoUser porteur, CancellationToken ct)
    {
        var place = dossier.Place;
        var found = await porteur.GetAsync($"/api/directory/places?q={Uri.EscapeDataString(place.Name)}&pageSize=50", ct);
        var existing = found.GetProperty("items").EnumerateArray().FirstOrDefault(p =>
            p.GetProperty("name").GetString() == place.Name
            && p.GetProperty("address").GetProperty("inseeCode").GetString() == place.InseeCode);
        if (existing.ValueKind == JsonValueKind.Object)
        {
            return existing.GetProperty("id").GetString()!;
        }
        var registered = await porteur.PostAsync("/api/directory/places", new
        {
            name = place.Name,
            description = place.Description,
            pivot = dossier.Pivot,
            kinds = place.Kinds,
            roles = place.Roles,
            address = new { street = place.Street, postalCode = place.PostalCode, inseeCode = place.InseeCode, commune = place.Commune },
            location = new { latitude = place.Latitude, longitude = place.Longitude },
            territory = new { kind = place.Territory, qpvCode = place.QpvCode },
            contact = new { email = dossier.Porteur.Email, website = place.Website },
        }, $"demo:{dossier.Key}:place", ct);
        _changes++;
        return registered.GetProperty("id").GetString()!;
    }

    /// <summary>The porteur's candidature for the place, with its history, or a new draft.</summary>
    private async Task<JsonElement> CandidatureAsync(DemoDossier dossier, string placeId, DemoUser porteur, CancellationToken ct)
    {
        var own = await porteur.GetAsync("/api/candidatures?pageSize=200", ct);
        var existing = own.GetProperty("items").EnumerateArray().FirstOrDefault(c => c.GetProperty("placeId").GetString() == placeId);
        if (existing.ValueKind == JsonValueKind.Object)
        {
            return await porteur.GetAsync($"/api/candidatures/{existing.GetProperty("id").GetString()}", ct);
        }
        var draft = await porteur.PostAsync("/api/candidatures", new
        {
            placeId,
            applicant = new
            {
                organisationName = dossier.Organisation, pivot = dossier.Pivot, legalStatus = dossier.LegalStatus,
                contactName = dossier.Porteur.Name, contactEmail = dossier.Porteur.Email,
            },
            project = new
            {
                title = $"Fabrique de territoire : {dossier.Place.Name}", summary = dossier.Summary,
                services = dossier.Services, partners = dossier.Partners, jobsFte = dossier.JobsFte,
            },
            territory = dossier.Place.QpvCode is { } qpv
                ? new { kind = "qpv", qpvCode = (string?)qpv }
                : new { kind = "outside-large-urban-centres", qpvCode = (string?)null },
            digital = dossier.Digital,
            funding = new { amountPerYear = dossier.AmountPerYear, durationYears = dossier.DurationYears },
        }, $"demo:{dossier.Key}:draft", ct);
        _changes++;
        return draft;
    }

    /// <summary>Submits once the candidature service knows the new place (it learns of it by event: 422 until then).</summary>
    private static async Task SubmitAsync(DemoUser porteur, string path, string key, CancellationToken ct)
    {
        var giveUpAt = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            using var answer = await porteur.SendAsync(HttpMethod.Post, $"{path}/submit", body: null, key, ct);
            if (answer.StatusCode != HttpStatusCode.UnprocessableContent || DateTimeOffset.UtcNow > giveUpAt)
            {
                await DemoUser.ReadAsync(answer, $"POST {path}/submit", ct);
                return;
            }
            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>The first instalment of the grant awarded for the place, committed and, for some, paid.</summary>
    private async Task FundAsync(DemoDossier dossier, string placeId, DemoUser gestionnaire, DateTimeOffset now, CancellationToken ct)
    {
        JsonElement grant = default;
        await UntilAsync(async () =>
        {
            var grants = await gestionnaire.GetAsync($"/api/grants?department={dossier.Place.InseeCode[..2]}&state=active&pageSize=200", ct);
            grant = grants.GetProperty("items").EnumerateArray().FirstOrDefault(g => g.GetProperty("placeId").GetString() == placeId);
            return grant.ValueKind == JsonValueKind.Object;
        }, $"no grant was awarded to {dossier.Place.Name}", ct);
        var first = grant.GetProperty("instalments")[0];
        var instalment = $"/api/grants/{grant.GetProperty("id").GetString()}/instalments/{first.GetProperty("year").GetInt32()}";
        var state = first.GetProperty("state").GetString();
        if (state == "planned")
        {
            await gestionnaire.PostAsync($"{instalment}/commit", body: null, $"demo:{dossier.Key}:commit", ct);
            _changes++;
        }
        if (dossier.Instalment == DemoInstalment.Paid && state != "paid")
        {
            var paidOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Paris).DateTime);
            await gestionnaire.PostAsync($"{instalment}/pay",
                new { paidOn, reference = string.Create(CultureInfo.InvariantCulture, $"DEMO-{paidOn:yyyy}-{dossier.Key}") },
                $"demo:{dossier.Key}:pay", ct);
            _changes++;
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string failure, CancellationToken ct)
    {
        var giveUpAt = DateTimeOffset.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > giveUpAt)
            {
                throw new DemoSeedException($"After {Patience.TotalSeconds:0} s, {failure}.");
            }
            await Task.Delay(PollInterval, ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo seed: waves already scheduled between {From} and {Until}, kept as they are")]
    private static partial void LogWavesKept(ILogger logger, DateTimeOffset from, DateTimeOffset until);
}

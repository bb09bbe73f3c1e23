using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fabriques.Testing;
using static Fabriques.EndToEnd.Tests.AuthorizationMatrix;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// Runs alone: its rows change the programme (a grant paid, another cancelled) and schedule a wave, which tests
/// running beside it must not see half done.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AuthorizationCollection
{
    public const string Name = "authorization matrix";
}

/// <summary>
/// Drives every cell of the authorization matrix in <c>docs/security.md</c> through the gateway: each identity sends a
/// well-formed request on a resource prepared for the row, and must get the status the document gives.
/// </summary>
[Collection(AuthorizationCollection.Name)]
public sealed class AuthorizationMatrixTests(Platform platform)
{
    private static readonly string[] Services = ["directory", "candidature", "grants", "notification"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_route_of_every_service_is_in_the_matrix()
    {
        var documented = Load().Rows.Select(r => r.Operation).ToHashSet(StringComparer.Ordinal);
        var served = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in Services)
        {
            var document = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json", Ct);
            foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
            {
                served.UnionWith(path.Value.EnumerateObject().Select(operation => Normalize(operation.Name, path.Name)));
            }
        }

        var missing = served.Except(documented).Order(StringComparer.Ordinal).ToList();
        var gone = documented.Except(served).Where(o => !o.StartsWith("POST /dev/", StringComparison.Ordinal) && !o.StartsWith("GET /.well-known/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "routes served but missing from docs/security.md:\n" + string.Join("\n", missing));
        Assert.True(gone.Count == 0, "rows of docs/security.md that no service serves:\n" + string.Join("\n", gone));
    }

    [Fact]
    public async Task Every_identity_gets_the_documented_status_on_every_route()
    {
        var matrix = Load();
        var clients = new Dictionary<string, GatewayClient?>(StringComparer.Ordinal)
        {
            [Anonymous] = null,
            [Owner] = await SignInAsync("matrix-porteur-a", "porteur"),
            [OtherPorteur] = await SignInAsync("matrix-porteur-b", "porteur"),
            [Instructeur] = await SignInAsync("matrix-instructeur", "instructeur"),
            // Porteur A's places are in Malijai (04): région 93.
            [RegionalInstructeur] = await SignInAsync("matrix-instructeur-93", "instructeur", "93"),
            [OtherRegionInstructeur] = await SignInAsync("matrix-instructeur-44", "instructeur", "44"),
            [Gestionnaire] = await SignInAsync("matrix-gestionnaire", "gestionnaire"),
            [Partenaire] = await SignInAsync("matrix-partenaire", "partenaire"),
        };
        Assert.Equal(clients.Keys.Order(StringComparer.Ordinal), matrix.Identities.Order(StringComparer.Ordinal));
        var resources = new AuthorizationResources(
            clients[Owner]!, clients[Instructeur]!, clients[Gestionnaire]!, clients[Partenaire]!, clients[RegionalInstructeur]!);

        var differences = new List<string>();
        foreach (var row in matrix.Rows)
        {
            var values = await resources.PrepareAsync(Placeholders(row.PathTemplate));
            var path = Fill(row.PathTemplate, values);
            var successes = 0;
            // Refusals first: they must leave the resource as the successes expect it.
            foreach (var (identity, expected) in row.Expected.OrderBy(c => c.Value < 400 ? 1 : 0))
            {
                // A write succeeds once on a resource (a second review would be a 409): each further success gets its own.
                if (expected < 400 && row.Method != HttpMethod.Get && successes++ > 0)
                {
                    path = Fill(row.PathTemplate, await resources.PrepareAsync(Placeholders(row.PathTemplate)));
                }
                using var request = await RequestAsync(row, path, identity, clients[identity], clients[Gestionnaire]!, resources);
                using var response = await platform.Gateway.SendAsync(request, Ct);
                var status = (int)response.StatusCode;
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (status != expected)
                {
                    var body = await response.Content.ReadAsStringAsync(Ct);
                    differences.Add($"{row.Route} as {identity}: expected {expected}, got {status} {body[..Math.Min(body.Length, 300)]}");
                }
                else if (status >= 400 && mediaType != "application/problem+json")
                {
                    differences.Add($"{row.Route} as {identity}: {status} without problem details ({mediaType ?? "no body"})");
                }
            }
        }

        await resources.ReopenWhereGrantCancelledAsync();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{matrix.Rows.Count} routes × {matrix.Identities.Count} identities = {matrix.Rows.Count * matrix.Identities.Count} cells");
        Assert.True(differences.Count == 0, $"{differences.Count} cell(s) differ from docs/security.md:\n" + string.Join("\n", differences));
    }

    private Task<GatewayClient> SignInAsync(string subject, string role, params string[] regions) =>
        GatewayClient.SignInAsync(platform.Gateway, subject, role, regions);

    private static readonly Dictionary<string, string> Subjects = new(StringComparer.Ordinal)
    {
        [Instructeur] = "matrix-instructeur",
        [RegionalInstructeur] = "matrix-instructeur-93",
        [OtherRegionInstructeur] = "matrix-instructeur-44",
        [Gestionnaire] = "matrix-gestionnaire",
    };

    /// <summary>The well-formed request of <paramref name="row"/>, as <paramref name="client"/> (null: anonymous) sends it.</summary>
    private async Task<HttpRequestMessage> RequestAsync(
        AuthorizationMatrix.Row row, string path, string identity, GatewayClient? client, GatewayClient gestionnaire, AuthorizationResources resources)
    {
        var request = client?.Request(row.Method, path) ?? new HttpRequestMessage(row.Method, path);
        request.Content = row.Route switch
        {
            "POST /api/candidatures" or "PUT /api/candidatures/{candidature:draft}" =>
                Json(AuthorizationResources.CandidatureBody(await resources.PlaceOfOwnerAsync(), client?.Email ?? "anonyme@example.org")),
            // The settings as they are: the PUT changes nothing.
            "PUT /api/grants/programme" => Json(ProgrammeSettings.From(await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/grants/programme", Ct))),
            // Each assigns themself (or, not being an instructeur, the national one): allowed wherever the role is.
            "POST /api/candidatures/{candidature:submitted}/assign" => Json(new { instructeurId = Subjects.GetValueOrDefault(identity, Subjects[Instructeur]) }),
            "POST /api/candidatures/{candidature:draft}/documents" => AuthorizationResources.DocumentForm(),
            _ => Body(row.Route),
        };
        // Updates carry the ETag just read (by the gestionnaire, who reads everything that has one), so an answer
        // is never about a stale or missing If-Match.
        if (row.Method == HttpMethod.Put)
        {
            using var read = await gestionnaire.SendAsync(HttpMethod.Get, path);
            read.EnsureSuccessStatusCode();
            request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        }
        return request;
    }

    private static HttpContent? Body(string route) => route switch
    {
        "POST /api/directory/places" or "PUT /api/directory/places/{place}" => Json(AuthorizationResources.PlaceBody($"Lieu {Guid.NewGuid():N}")),
        "POST /api/directory/imports" => new StringContent(
            "id,pivot,nom,commune,code_postal,code_insee,adresse,date_maj\n" +
            $"matrix-{Guid.NewGuid():N},73282932000074,Lieu importé,Malijai,04350,04111,2 lotissement les micocouliers,2026-11-01\n",
            Encoding.UTF8, "text/csv"),
        "POST /api/candidatures/waves" => Json(AuthorizationResources.FutureWaveBody()),
        "POST /api/candidatures/waves/calendar" => Json(AuthorizationResources.FutureCalendarBody()),
        // A line for a place grants does not know: the import answers 200 with the line rejected, and creates nothing.
        "POST /api/grants/imports" => new StringContent(
            "pivot;place;territory;qpv_code;digital;amount_per_year;years;awarded_on;paid_instalments\n" +
            $"73282932000074;{Guid.NewGuid()};outside-large-urban-centres;;false;50000;3;2021-03-01;1\n",
            Encoding.UTF8, "text/csv"),
        "POST /api/candidatures/{candidature:under-review}/return" => Json(new { motivation = "Précisez le budget." }),
        "POST /api/candidatures/{candidature:under-review}/decision" => Json(new { decision = "rejected", motivation = "Hors des critères.", score = 40 }),
        "POST /api/candidatures/{candidature:rejected}/reopen" => Json(new { motivation = "Pièce nouvelle." }),
        "POST /api/candidatures/{candidature:under-review}/opinions" => Json(new
        {
            verdict = "favourable",
            scores = new { governance = 4, partnerships = 3, territorialNeed = 5, economicModel = 2, services = 4, digitalInclusion = 5 },
            comment = "Avis de la matrice.",
        }),
        "POST /api/grants/{grant:committed}/instalments/{year}/pay" => Json(new
        {
            paidOn = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            reference = $"MANDAT-{Guid.NewGuid():N}"[..20],
        }),
        "POST /api/grants/{grant}/cancel" => Json(new { motivation = "Projet abandonné." }),
        "POST /api/notifications/subscriptions" => Json(new
        {
            url = AuthorizationResources.WebhookUrl, eventTypes = new[] { "fr.anct.fabriques.wave.closed" }, description = "Matrice",
        }),
        "POST /api/notifications/brokers/accounts" => Json(new { name = "Matrice d'autorisations" }),
        "POST /dev/token" => Json(new { sub = "matrix-dev-token", roles = new[] { "porteur" } }),
        _ => null,
    };

    private static JsonContent Json(object body) => JsonContent.Create(body);
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Messaging.Outbox;
using Fabriques.Testing.Fuzzing;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Candidature.Tests.Fuzz;

/// <summary>
/// Hostile and malformed requests to every write and search route of the candidature service, each with a role allowed
/// on it: never a 5xx, every refusal a problem, and afterwards every candidature reads back and its events match its history.
/// </summary>
public sealed class CandidatureFuzzTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private const int Requests = 1000;
    private const string Candidatures = Scenario.Candidatures;

    [Fact]
    public async Task Hostile_requests_to_every_write_and_search_route_are_refused_with_problems_and_leave_the_data_consistent()
    {
        var output = TestContext.Current.TestOutputHelper;
        var scenario = new Scenario(host);
        using var anonymous = host.CreateClient();
        var wave = Scenario.Id(await scenario.OpenWaveAsync(maxLaureates: 1000));
        var places = await scenario.PlacesAsync(8);
        var drafts = new List<string>();
        foreach (var place in places)
        {
            drafts.Add(Scenario.Id(await scenario.DraftAsync(Scenario.Body(place))).ToString());
        }
        var ids = FuzzRequests.Id(drafts).Select(id => $"{Candidatures}/{id}");
        var motivated = new JsonObject { ["motivation"] = "Pièces complémentaires attendues." };
        var now = scenario.Now;

        var fuzzer = new Fuzzer([
            new("POST /waves", FuzzRequests.Write(HttpMethod.Post, Gen.Const(Scenario.Waves), new JsonObject
            {
                ["name"] = "Vague du fuzz", ["opensAt"] = now.AddDays(400), ["deadline"] = now.AddDays(430), ["maxLaureates"] = 30,
            }), scenario.Gestionnaire, IsWave, Weight: 4),
            new("POST /", FuzzRequests.Write(HttpMethod.Post, Gen.Const(Candidatures), Scenario.Body(places[0])), scenario.Porteur, IsCandidature),
            new("PUT /{id}", FuzzRequests.Write(HttpMethod.Put, ids, Scenario.Body(places[0]), ("If-Match", "*")), scenario.Porteur, IsCandidature),
            new("POST /{id}/submit", FuzzRequests.Write(HttpMethod.Post, ids.Select(p => $"{p}/submit"), null), scenario.Porteur, IsCandidature),
            new("POST /{id}/review", FuzzRequests.Write(HttpMethod.Post, ids.Select(p => $"{p}/review"), null), scenario.Instructeur, IsCandidature),
            new("POST /{id}/return", FuzzRequests.Write(HttpMethod.Post, ids.Select(p => $"{p}/return"), motivated), scenario.Instructeur, IsCandidature),
            new("POST /{id}/decision", FuzzRequests.Write(HttpMethod.Post, ids.Select(p => $"{p}/decision"), new JsonObject
            {
                ["decision"] = "accepted", ["motivation"] = "Projet solide.", ["score"] = 16.5,
            }), scenario.Instructeur, IsCandidature),
            new("POST /{id}/reopen", FuzzRequests.Write(HttpMethod.Post, ids.Select(p => $"{p}/reopen"), motivated), scenario.Instructeur, IsCandidature),
            new("POST /{id}/assign", FuzzRequests.Write(HttpMethod.Post, ids.Select(p => $"{p}/assign"), new JsonObject
            {
                ["instructeurId"] = "instructeur-1",
            }), scenario.Instructeur, IsCandidature),
            new("POST /{id}/opinions", FuzzRequests.Write(HttpMethod.Post, ids.Select(p => $"{p}/opinions"), new JsonObject
            {
                ["verdict"] = "reserved",
                ["scores"] = new JsonObject
                {
                    ["governance"] = 3, ["partnerships"] = 2, ["territorialNeed"] = 4, ["economicModel"] = 1, ["services"] = 5, ["digitalInclusion"] = 0,
                },
                ["comment"] = "Gouvernance à préciser.",
            }), scenario.Instructeur, opinion => Shape.Object(opinion, "id", "verdict", "scores", "total")),
            new("POST /{id}/documents", Documents(ids), scenario.Porteur, document => Shape.Object(document, "id", "kind", "sha256", "size")),
            new("GET /{id}/opinions", FuzzRequests.Search($"{Candidatures}/{drafts[0]}/opinions", new Dictionary<string, string[]> { ["page"] = ["1"] }),
                scenario.Gestionnaire, list => Shape.Object(list, "items")),
            new("GET /{id}/documents", FuzzRequests.Search($"{Candidatures}/{drafts[0]}/documents", new Dictionary<string, string[]> { ["page"] = ["1"] }),
                scenario.Porteur, list => Shape.Object(list, "items")),
            new("POST /{id}/withdraw", FuzzRequests.Write(HttpMethod.Post, ids.Select(p => $"{p}/withdraw"), null), scenario.Porteur, IsCandidature, Weight: 2),
            new("GET /", FuzzRequests.Search(Candidatures, new Dictionary<string, string[]>
            {
                ["wave"] = [wave.ToString()], ["state"] = ["draft", "submitted", "under-review", "accepted"], ["department"] = ["06", "2A", "974"],
                ["region"] = ["93", "44", "9"], ["assignedTo"] = ["me", "instructeur-1"],
                ["digital"] = ["true", "false"], ["page"] = ["1", "2"], ["pageSize"] = ["1", "50", "200"],
            }), scenario.Instructeur, page => Shape.Page(page, "id", "placeId", "state", "dsState")),
            new("GET /waves", FuzzRequests.Search(Scenario.Waves, new Dictionary<string, string[]>
            {
                ["page"] = ["1", "2"], ["pageSize"] = ["1", "50", "200"],
            }), anonymous, page => Shape.Page(page, "id", "name", "state", "opensAt", "deadline")),
            .. FuzzRoutes.DeadLetters(Candidatures, scenario.Gestionnaire),
        ]);
        await fuzzer.RunAsync(Requests, output);

        var created = fuzzer.Created("POST /");
        output?.WriteLine($"{created.Count} candidatures and {fuzzer.Created("POST /waves").Count} waves created by the fuzzer");
        var stored = await host.QueryAsync(db => db.Candidatures.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(drafts.Count + created.Count, stored.Count);
        Assert.Equal(1 + fuzzer.Created("POST /waves").Count, await host.QueryAsync(db => db.Waves.CountAsync(TestContext.Current.CancellationToken)));
        foreach (var dossier in stored)
        {
            Assert.Equal(Scenario.State(await scenario.GetAsync(dossier.Id, scenario.Gestionnaire)), KebabCase<CandidatureState>.Name(dossier.State));
        }
        var listed = await scenario.ListAsync(scenario.Gestionnaire, "pageSize=1");
        Assert.Equal(stored.Count, listed.GetProperty("total").GetInt32());

        // Every step but an assignment (which moves nothing) publishes exactly one event, in the same transaction.
        var events = await host.QueryAsync(db => db.Set<OutboxMessage>().GroupBy(m => m.AggregateId)
            .Select(g => new { Aggregate = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Aggregate, g => g.Count, TestContext.Current.CancellationToken));
        Assert.All(stored, dossier => Assert.Equal(
            dossier.History.Count(h => h.AssignedTo is null), events.GetValueOrDefault(dossier.Id)));

        // Every document kept is whole: its bytes are there, as long as it says.
        var documents = await host.QueryAsync(db => db.Documents.AsNoTracking()
            .Select(d => new { d.Size, Stored = db.Set<DocumentContent>().Where(c => c.DocumentId == d.Id).Select(c => (long?)c.Content.Length).FirstOrDefault() })
            .ToListAsync(TestContext.Current.CancellationToken));
        output?.WriteLine($"{documents.Count} documents kept by the fuzzer");
        Assert.All(documents, d => Assert.Equal(d.Size, d.Stored));
    }

    /// <summary>
    /// Multipart uploads, valid and broken: each part's kind and bytes varied (accepted formats, other bytes, empty,
    /// hostile names), the envelope truncated or its boundary wrong, other content types.
    /// </summary>
    private static Gen<FuzzRequest> Documents(Gen<string> ids)
    {
        var kinds = Gen.OneOf(new[] { "statuts", "rib", "budget-previsionnel", "autre", "", "STATUTS", "kbis", HostileValues.Huge[..500] });
        var files = Gen.OneOf(new byte[][]
        {
            [.. "%PDF-1.7\n1 0 obj\n"u8], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], [0xFF, 0xD8, 0xFF, 0xE0, 0, 0],
            [], [.. "<svg onload=alert(1)>"u8], [0x50, 0x4B, 0x03, 0x04, 0x14], [0x25, 0x50],
        });
        var names = Gen.OneOf(new[] { "statuts.pdf", "../../etc/passwd", "a\r\nb.pdf", "", "\"quoted\".png", "é\u0000.jpg", new string('n', 400) });
        var envelopes = Gen.OneOf(new[] { "whole", "truncated", "no closing boundary", "wrong boundary", "file before kind", "no kind", "two files" });
        var contentTypes = Gen.OneOf(new string?[]
        {
            "multipart/form-data; boundary=fuzz", "multipart/form-data; boundary=\"fuzz\"", "multipart/form-data", "application/json",
            "multipart/form-data; boundary=" + new string('b', 300), null,
        });
        return Gen.Select(ids, kinds, files, names, envelopes, contentTypes, (path, kind, file, name, envelope, contentType) =>
        {
            string Part(string field, string? fileName, string body) =>
                $"--fuzz\r\nContent-Disposition: form-data; name=\"{field}\"" + (fileName is null ? "" : $"; filename=\"{fileName}\"") + $"\r\n\r\n{body}\r\n";
            var kindPart = Part("kind", null, kind);
            var filePart = Part("file", name, Encoding.Latin1.GetString(file));
            var body = envelope switch
            {
                "file before kind" => filePart + kindPart + "--fuzz--\r\n",
                "no kind" => filePart + "--fuzz--\r\n",
                "two files" => kindPart + filePart + filePart + "--fuzz--\r\n",
                "no closing boundary" => kindPart + filePart,
                "wrong boundary" => (kindPart + filePart + "--fuzz--\r\n").Replace("--fuzz", "--other", StringComparison.Ordinal),
                "truncated" => (kindPart + filePart)[..((kindPart.Length + filePart.Length) / 2)],
                _ => kindPart + filePart + "--fuzz--\r\n",
            };
            return new FuzzRequest(HttpMethod.Post, $"{path}/documents",
                new FuzzBody($"multipart ({envelope}, kind \"{kind[..Math.Min(kind.Length, 20)]}\", {file.Length} bytes)", Encoding.Latin1.GetBytes(body)),
                contentType, []);
        });
    }

    private static void IsCandidature(JsonElement candidature) =>
        Shape.Object(candidature, "id", "placeId", "ownerId", "state", "dsState", "applicant", "project", "funding", "history");

    private static void IsWave(JsonElement wave) => Shape.Object(wave, "id", "name", "state", "opensAt", "deadline", "maxLaureates");
}

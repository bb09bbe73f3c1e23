using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using Fabriques.Directory.Data;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.Testing.Fuzzing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Fuzz;

/// <summary>
/// Hostile and malformed requests to every write and search route of the directory: never a 5xx, every refusal a
/// problem, and afterwards the data agrees with what was answered.
/// </summary>
public sealed class DirectoryFuzzTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    private const int Requests = 1000;

    private static readonly Dictionary<string, string[]> SearchParameters = new()
    {
        ["department"] = ["04", "2A", "974", "13"],
        ["region"] = ["93", "94", "04"],
        ["kind"] = ["coworking", "fablab", "other"],
        ["label"] = ["fabrique-de-territoire", "fabrique-numerique-de-territoire"],
        ["territory"] = ["qpv", "rural"],
        ["q"] = ["fabrique", "Médialab", "lieu%20fuzz"],
        ["near"] = ["43.2965,5.3698", "44.09,6.23"],
        ["radiusKm"] = ["5", "10", "1000"],
        ["page"] = ["1", "2"],
        ["pageSize"] = ["1", "50", "200"],
    };

    [Fact]
    public async Task Hostile_requests_to_every_write_and_search_route_are_refused_with_problems_and_leave_the_data_consistent()
    {
        var output = TestContext.Current.TestOutputHelper;
        using var porteur = host.CreateClient("porteur-fuzz", Roles.Porteur);
        using var gestionnaire = host.CreateClient("anct-fuzz", Roles.Gestionnaire);
        using var anonymous = host.CreateClient();
        var owned = new List<string>();
        var archivable = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            owned.Add((await porteur.RegisterAsync(FullPlace($"Lieu modifiable {i}"))).Id().ToString());
            archivable.Add((await porteur.RegisterAsync(MinimalPlace($"Lieu archivable {i}"))).Id().ToString());
        }
        var place = JsonSerializer.SerializeToNode(FullPlace("Tiers-lieu du fuzz"), JsonSerializerOptions.Web)!;

        var fuzzer = new Fuzzer([
            new("POST /places", FuzzRequests.Write(HttpMethod.Post, Gen.Const(Places), place), porteur, IsPlace),
            new("PUT /places/{id}", FuzzRequests.Write(HttpMethod.Put, FuzzRequests.Id(owned).Select(id => $"{Places}/{id}"), place, ("If-Match", "*")),
                porteur, IsPlace),
            new("DELETE /places/{id}", FuzzRequests.Write(HttpMethod.Delete, FuzzRequests.Id(archivable).Select(id => $"{Places}/{id}"), null),
                gestionnaire, Weight: 2),
            new("POST /imports", CsvImports(), gestionnaire, report => Shape.Object(report, "created", "updated", "unchanged", "rejected"), Weight: 4),
            new("GET /places", FuzzRequests.Search(Places, SearchParameters), anonymous, page => Shape.Page(page, "id", "name", "address")),
            new("GET /places/export", FuzzRequests.Search($"{Places}/export", new Dictionary<string, string[]> { ["format"] = ["csv", "data-inclusion"] }),
                anonymous, Weight: 2),
            .. FuzzRoutes.DeadLetters("/api/directory", gestionnaire),
        ]);
        await fuzzer.RunAsync(Requests, output);

        var registered = fuzzer.Created("POST /places");
        var imported = fuzzer.Answers.Where(a => a.Route == "POST /imports" && a.Status == 200).Sum(a => a.Json!.Value.GetProperty("created").GetInt32());
        output?.WriteLine($"{registered.Count} places registered and {imported} imported by the fuzzer");
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDbContext>();
        var stored = await db.Places.AsNoTracking().Select(p => new { p.Id, p.ArchivedAt }).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(owned.Count + archivable.Count + registered.Count + imported, stored.Count);
        Assert.Subset(stored.Select(p => p.Id.ToString()).ToHashSet(), registered.ToHashSet());
        foreach (var p in stored)
        {
            Assert.Equal(p.Id, (await anonymous.GetJsonAsync($"{Places}/{p.Id}")).Id());
        }
        var listed = await anonymous.GetJsonAsync($"{Places}?pageSize=1");
        Assert.Equal(stored.Count(p => p.ArchivedAt is null), listed.GetProperty("total").GetInt32());
        var announced = await db.Set<OutboxMessage>().Where(m => m.Type == "fr.anct.fabriques.place.registered")
            .GroupBy(m => m.AggregateId).Select(g => new { Place = g.Key, Events = g.Count() }).ToListAsync(TestContext.Current.CancellationToken);
        Assert.All(announced, a => Assert.Equal(1, a.Events));
        Assert.Equal(stored.Select(p => p.Id).Order(), announced.Select(a => a.Place).Order());
    }

    /// <summary>Found by the fuzzer: the framework's JSON reader threw on the unknown charset, a 500.</summary>
    [Fact]
    public async Task A_body_in_a_charset_nobody_can_decode_is_a_415_problem()
    {
        using var porteur = host.CreateClient("porteur-charset", Roles.Porteur);
        using var body = new StringContent(JsonSerializer.Serialize(MinimalPlace("Lieu en charset inconnu")));
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=nope");

        using var response = await porteur.PostAsync(Places, body, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(ProblemTypes.UnsupportedCharset, problem.GetProperty("type").GetString());
        Assert.Equal(0, (await host.CreateClient().GetJsonAsync($"{Places}?q=charset%20inconnu")).GetProperty("total").GetInt32());
    }

    /// <summary>Found by the fuzzer: the framework declines to write problem details to such a caller, and the 400 had no body.</summary>
    [Fact]
    public async Task A_caller_accepting_only_XML_still_gets_its_refusal_as_problem_details()
    {
        using var porteur = host.CreateClient("porteur-xml", Roles.Porteur);
        using var request = new HttpRequestMessage(HttpMethod.Post, Places) { Content = new StringContent("{\"name\": 0}", Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/xml");

        using var response = await porteur.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(["name"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    private static void IsPlace(JsonElement place) => Shape.Object(place, "id", "name", "address", "departmentCode", "regionCode", "labels");

    /// <summary>A CSV of the national standard: a valid line, a line with one hostile cell, a header alone, or random bytes.</summary>
    private static Gen<FuzzRequest> CsvImports()
    {
        const string header = "id,pivot,nom,commune,code_postal,code_insee,adresse,date_maj";
        static string Line(string[] cells) => string.Join(',', cells.Select(c => "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        static string[] Valid(Guid id) => [$"fuzz-{id:N}", Siret, "Lieu importé", "Malijai", "04350", "04111", "2 lotissement les micocouliers", "2026-11-01"];

        var valid = Gen.Guid.Select(id => new FuzzBody("valid line", Encoding.UTF8.GetBytes($"{header}\n{Line(Valid(id))}\n")));
        var hostileCell = Gen.Select(Gen.Guid, Gen.Int[0, 7], Gen.OneOf(HostileValues.Texts), (id, column, text) =>
        {
            var cells = Valid(id);
            cells[column] = text;
            return new FuzzBody($"column {column} = {(text.Length > 40 ? text[..40] + "…" : text)}", Encoding.UTF8.GetBytes($"{header}\n{Line(cells)}\n"));
        });
        var body = Gen.Frequency(
            (3, valid),
            (6, hostileCell),
            (1, Gen.Const(new FuzzBody("header only", Encoding.UTF8.GetBytes(header)))),
            (1, Gen.Byte.Array[0, 2000].Select(bytes => new FuzzBody($"{bytes.Length} random bytes", bytes))));
        return Gen.Select(body, FuzzRequests.Headers, (b, headers) =>
            new FuzzRequest(HttpMethod.Post, Imports, b, "text/csv", headers));
    }
}

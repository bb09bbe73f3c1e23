using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Fabriques.Contracts.Candidature;
using Fabriques.Grants.Data;
using Fabriques.Grants.Domain;
using Fabriques.Grants.Tests.Support;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.Testing.Fuzzing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Grants.Tests.Fuzz;

/// <summary>
/// Hostile and malformed requests to every write and search route of the grants service, as a gestionnaire: never a
/// 5xx, every refusal a problem, and afterwards the ledger matches the grants and each change has exactly its event.
/// </summary>
public sealed class GrantsFuzzTests(GrantsHost host) : IClassFixture<GrantsHost>
{
    private const int Requests = 1000;

    [Fact]
    public async Task Hostile_requests_to_every_write_and_search_route_are_refused_with_problems_and_leave_the_data_consistent()
    {
        var output = TestContext.Current.TestOutputHelper;
        using var gestionnaire = host.CreateClient("anct-fuzz", Roles.Gestionnaire);
        var grants = new List<string>();
        await using (var probe = await AwardProbe.StartAsync(host))
        {
            for (var i = 0; i < 6; i++)
            {
                var awarded = await probe.AwardAsync(Candidatures.Accepted(i % 2 == 0 ? TerritoryKind.Qpv : TerritoryKind.OutsideLargeUrbanCentres,
                    digital: i == 0, department: i % 3 == 0 ? "2A" : "13"));
                grants.Add(awarded.GrantId.ToString());
            }
        }
        var (_, settings, _) = await ProgrammeApi.ReadAsync(gestionnaire);
        var ids = FuzzRequests.Id(grants).Select(id => $"/api/grants/{id}");
        var instalments = Gen.Select(ids, Gen.Frequency(
            (8, Gen.Int[1, 3].Select(year => year.ToString(CultureInfo.InvariantCulture))),
            (1, Gen.OneOf("0", "-1", "4", "2147483648", "abc"))), (grant, year) => $"{grant}/instalments/{year}");
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var fuzzer = new Fuzzer([
            new("PUT /programme", FuzzRequests.Write(HttpMethod.Put, Gen.Const(ProgrammeApi.Path), JsonSerializer.SerializeToNode(settings.ToBody()),
                ("If-Match", "*")), gestionnaire, programme => Shape.Object(programme, "envelope", "committed", "paid", "remaining", "targets", "caps")),
            new("POST /{id}/instalments/{year}/commit", FuzzRequests.Write(HttpMethod.Post, instalments.Select(p => $"{p}/commit"), null),
                gestionnaire, IsGrant),
            new("POST /{id}/instalments/{year}/pay", FuzzRequests.Write(HttpMethod.Post, instalments.Select(p => $"{p}/pay"),
                new JsonObject { ["paidOn"] = today, ["reference"] = "CHORUS-2026-000123" }), gestionnaire, IsGrant),
            new("POST /{id}/cancel", FuzzRequests.Write(HttpMethod.Post, ids.Select(p => $"{p}/cancel"),
                new JsonObject { ["motivation"] = "Le projet ne se fera pas." }), gestionnaire, IsGrant, Weight: 2),
            new("GET /", FuzzRequests.Search("/api/grants", new Dictionary<string, string[]>
            {
                ["state"] = ["active", "completed", "cancelled"], ["department"] = ["13", "2A", "974"], ["digital"] = ["true", "false"],
                ["page"] = ["1", "2"], ["pageSize"] = ["1", "50", "200"],
            }), gestionnaire, page => Shape.Page(page, "id", "candidatureId", "state", "instalments")),
            .. FuzzRoutes.DeadLetters("/api/grants", gestionnaire),
        ]);
        await fuzzer.RunAsync(Requests, output);

        await Ledger.AssertMatchesGrantsAsync(host, gestionnaire);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GrantsDbContext>();
        var stored = await db.GrantsToRead().AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        Assert.Subset(stored.Select(g => g.Id.ToString()).ToHashSet(), grants.ToHashSet());
        foreach (var grant in stored)
        {
            Assert.Equal(grant.Id, (await gestionnaire.GetFromJsonAsync<JsonElement>($"/api/grants/{grant.Id}", TestContext.Current.CancellationToken))
                .GetProperty("id").GetGuid());
        }
        Assert.Equal(stored.Count, (await Ledger.AllGrantsAsync(gestionnaire)).Count);

        // Each award, commitment, payment and cancellation wrote exactly one event, in its own transaction.
        var events = await db.Set<OutboxMessage>().GroupBy(m => m.Type).Select(g => new { Type = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Type, g => g.Count, TestContext.Current.CancellationToken);
        Assert.Equal(stored.Count, events.GetValueOrDefault("fr.anct.fabriques.grant.awarded"));
        Assert.Equal(stored.Sum(g => g.Instalments.Count(i => i.CommittedAt is not null)), events.GetValueOrDefault("fr.anct.fabriques.grant.instalment-committed"));
        Assert.Equal(stored.Sum(g => g.Instalments.Count(i => i.State == InstalmentState.Paid)), events.GetValueOrDefault("fr.anct.fabriques.grant.instalment-paid"));
        Assert.Equal(stored.Count(g => g.State == GrantState.Cancelled), events.GetValueOrDefault("fr.anct.fabriques.grant.cancelled"));
    }

    /// <summary>Found by the fuzzer: the code went to PostgreSQL as it was, which refuses a NUL character (a 500).</summary>
    [Theory]
    [InlineData("a%00b")]
    [InlineData("13%00")]
    [InlineData("ZZ")]
    public async Task A_department_filter_that_is_no_department_code_is_a_400_naming_it(string department)
    {
        using var gestionnaire = host.CreateClient("anct-department", Roles.Gestionnaire);

        using var response = await gestionnaire.GetAsync($"/api/grants?department={department}", TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["department"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    private static void IsGrant(JsonElement grant) =>
        Shape.Object(grant, "id", "candidatureId", "ownerId", "total", "committed", "paid", "state", "instalments", "ledger");
}

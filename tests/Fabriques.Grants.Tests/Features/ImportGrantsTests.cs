using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fabriques.Contracts.Directory;
using Fabriques.Contracts.Grants;
using Fabriques.Grants.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using Npgsql;

namespace Fabriques.Grants.Tests.Features;

/// <summary><c>POST /imports</c>: the grants awarded before the platform, on the real database and broker.</summary>
public sealed class ImportGrantsTests(GrantsHost host) : IClassFixture<GrantsHost>
{
    private const string Imports = "/api/grants/imports";
    private const string Header = "pivot;place;territory;qpv_code;digital;amount_per_year;years;awarded_on;paid_instalments;organisation_name";

    private readonly HttpClient _gestionnaire = host.CreateClient("anct-historique", Roles.Gestionnaire);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Places of the directory, announced on the broker as the directory does; returns once grants knows them.</summary>
    private async Task<Guid[]> PlacesAsync(params string?[] pivots)
    {
        await using var directory = await EventProbe<PlaceRegistered>.StartAsync(host.BrokerUri);
        using var inbox = new InboxWatch(host);
        var ids = pivots.Select(_ => Guid.CreateVersion7()).ToArray();
        foreach (var (id, pivot) in ids.Zip(pivots))
        {
            await directory.Bus.Publish(new PlaceRegistered
            {
                PlaceId = id, Name = "Fabrique historique", InseeCode = "93066", DepartmentCode = "93", RegionCode = "11",
                OwnerId = "porteur-historique", Pivot = pivot,
            }, Ct);
        }
        await inbox.HandledAsync(ids.Length);
        return ids;
    }

    private async Task<JsonElement> ImportAsync(string csv)
    {
        using var response = await _gestionnaire.PostAsync(Imports, new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Created, unchanged, and the numbers of the rejected lines (e.g. "3,4").</summary>
    private static (int Created, int Unchanged, string RejectedLines) Counts(JsonElement report) => (
        report.GetProperty("created").GetInt32(), report.GetProperty("unchanged").GetInt32(),
        string.Join(",", report.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32())));

    [Fact]
    public async Task Historical_grants_count_in_the_programme_every_line_is_accounted_for_and_a_second_import_changes_nothing()
    {
        var siren = $"{Random.Shared.Next(100_000_000, 999_999_999)}";
        var placePivot = WithLuhnKey(siren + "0001");
        var places = await PlacesAsync(null, placePivot);
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire);
        var (before, _, _) = await ProgrammeApi.ReadAsync(_gestionnaire);
        var file = string.Join("\n",
            Header,
            $"73282932000074;{places[0]};qpv;QN09301M;true;50000;3;2021-03-15;2;Association des Moulins",
            $"{placePivot};{placePivot};outside-large-urban-centres;;false;37500.50;2;2022-06-01;0;",
            $"73282932000074;{Guid.CreateVersion7()};qpv;QP0670AB;maybe;-1;4;2031-01-01;9;",
            "");

        var first = await ImportAsync(file);
        var second = await ImportAsync(file);

        Assert.Equal((2, 0, "4"), Counts(first));
        Assert.Equal((0, 2, "4"), Counts(second));
        var errors = first.GetProperty("rejected")[0].GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.All(["qpv_code :", "digital :", "amount_per_year :", "awarded_on :"], column =>
            Assert.Contains(errors, e => e.StartsWith(column, StringComparison.Ordinal)));

        var (after, _, _) = await ProgrammeApi.ReadAsync(_gestionnaire);
        // 3 × 50 000 + the digital bonus, and 2 × 37 500,50; paid: the first two instalments of the first (bonus with the first).
        var digitalBonus = after.GetProperty("digitalBonus").GetDecimal();
        Assert.Equal(150_000m + digitalBonus + 75_001m, after.GetProperty("committed").GetDecimal() - before.GetProperty("committed").GetDecimal());
        Assert.Equal(100_000m + digitalBonus, after.GetProperty("paid").GetDecimal() - before.GetProperty("paid").GetDecimal());
        int Count(JsonElement programme, string target) => programme.GetProperty("targets").GetProperty(target).GetProperty("count").GetInt32();
        Assert.Equal((1, 1, 1), (Count(after, "qpv") - Count(before, "qpv"), Count(after, "digital") - Count(before, "digital"),
            Count(after, "outsideLargeUrbanCentres") - Count(before, "outsideLargeUrbanCentres")));

        var imported = (await _gestionnaire.GetFromJsonAsync<JsonElement>("/api/grants?pageSize=200", Ct)).GetProperty("items").EnumerateArray()
            .Where(g => g.GetProperty("placeId").GetGuid() is var id && places.Contains(id)).ToList();
        Assert.Equal(2, imported.Count);
        Assert.All(imported, g => Assert.Equal("import", g.GetProperty("origin").GetString()));
        var found = imported.Single(g => g.GetProperty("placeId").GetGuid() == places[1]);
        Assert.Equal(("porteur-historique", "93", "active"),
            (found.GetProperty("ownerId").GetString(), found.GetProperty("departmentCode").GetString(), found.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_line_that_would_overrun_the_envelope_or_names_an_unknown_place_is_rejected_and_the_others_are_imported()
    {
        var places = await PlacesAsync([null]);
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire, euros: 100_000m);
        var file = string.Join("\n",
            Header,
            $"W751234567;{places[0]};outside-large-urban-centres;;false;40000;2;2020-01-10;0;",
            $"W751234568;{places[0]};outside-large-urban-centres;;false;40000;2;2020-01-11;0;", // the envelope is spent
            $"W751234569;W751234569;outside-large-urban-centres;;false;40000;2;2020-01-12;0;", // no place run by it
            "");

        var report = await ImportAsync(file);

        Assert.Equal((1, 0, "3,4"), Counts(report));
        Assert.Contains("enveloppe", report.GetProperty("rejected")[0].GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("aucun lieu", report.GetProperty("rejected")[1].GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(20_000m, (await ProgrammeApi.ReadAsync(_gestionnaire)).Programme.GetProperty("remaining").GetDecimal());
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire);
    }

    [Fact]
    public async Task An_import_tells_nobody_and_a_later_payment_names_the_organisation_but_no_person()
    {
        var places = await PlacesAsync([null]);
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire);
        await using var paidProbe = await EventProbe<InstalmentPaid>.StartAsync(host.BrokerUri);

        await ImportAsync(string.Join("\n", Header, $"W751234570;{places[0]};outside-large-urban-centres;;false;40000;2;2024-09-02;1;Les Ateliers du Canal", ""));

        var imported = (await _gestionnaire.GetFromJsonAsync<JsonElement>("/api/grants?pageSize=200", Ct)).GetProperty("items").EnumerateArray()
            .Single(g => g.GetProperty("placeId").GetGuid() == places[0]);
        var grantId = imported.GetProperty("id").GetGuid();
        // Nothing in the outbox: no e-mail, no partner event, no label for a decision taken before the platform.
        Assert.Equal(0, await OutboxEventsOfAsync(grantId));

        using var committed = await _gestionnaire.PostAsync($"/api/grants/{grantId}/instalments/2/commit", null, Ct);
        using var paid = await _gestionnaire.PostAsJsonAsync($"/api/grants/{grantId}/instalments/2/pay",
            new { paidOn = DateOnly.FromDateTime(DateTime.UtcNow), reference = "CHORUS-2026-000042" }, Ct);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (committed.StatusCode, paid.StatusCode));

        var payment = (await paidProbe.WaitForAsync(e => e.GrantId == grantId)).Message;
        Assert.Equal((imported.GetProperty("candidatureId").GetGuid(), 2, 40_000m), (payment.CandidatureId, payment.Year, payment.Amount));
        // The organisation is known, the person is not: notification writes to nobody rather than to an empty address.
        Assert.Equal(new Contracts.Contact("Les Ateliers du Canal", "", ""), payment.Contact);
        Assert.Equal(2, await OutboxEventsOfAsync(grantId));
    }

    /// <summary>How many events the grants service stored for <paramref name="grantId"/> (published or not).</summary>
    private async Task<long> OutboxEventsOfAsync(Guid grantId)
    {
        await using var connection = new NpgsqlConnection(host.DatabaseConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM messaging.outbox_messages WHERE aggregate_id = @grant", connection);
        command.Parameters.AddWithValue("grant", grantId);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task A_file_without_the_columns_is_a_400_and_only_a_gestionnaire_imports()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var missing = await _gestionnaire.PostAsync(Imports, new StringContent("pivot,place\nW751234567,x\n", Encoding.UTF8, "text/csv"), Ct);
        using var forbidden = await porteur.PostAsync(Imports, new StringContent(Header + "\n", Encoding.UTF8, "text/csv"), Ct);

        await missing.AssertInvalidAsync("file");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private static string WithLuhnKey(string thirteenDigits) =>
        Enumerable.Range(0, 10).Select(key => thirteenDigits + key).First(s => Contracts.Places.Pivot.TryParse(s, out _));
}

using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Fabriques.Grants.Tests.Support;

/// <summary>The programme's accounting invariant, checked both in the tables and through the API.</summary>
public static class Ledger
{
    /// <summary>
    /// The money the ledger says is committed equals what the grants hold (their instalments not cancelled), the money
    /// it says is paid equals the paid instalments, and <c>GET /programme</c> reports the same.
    /// </summary>
    public static async Task AssertMatchesGrantsAsync(GrantsHost host, HttpClient gestionnaire)
    {
        await using var connection = new NpgsqlConnection(host.DatabaseConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT
              (SELECT coalesce(sum(CASE kind WHEN 'Awarded' THEN amount WHEN 'Released' THEN -amount END), 0) FROM ledger_entries),
              (SELECT coalesce(sum(amount), 0) FROM instalments WHERE state <> 'Cancelled'),
              (SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE kind = 'Paid'),
              (SELECT coalesce(sum(amount), 0) FROM instalments WHERE state = 'Paid')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        var (ledgerCommitted, held, ledgerPaid, paid) = (reader.GetDecimal(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3));

        Assert.Equal(held, ledgerCommitted);
        Assert.Equal(paid, ledgerPaid);
        var (programme, _, _) = await ProgrammeApi.ReadAsync(gestionnaire);
        Assert.Equal(ledgerCommitted, programme.GetProperty("committed").GetDecimal());
        Assert.Equal(ledgerPaid, programme.GetProperty("paid").GetDecimal());
        Assert.Equal(programme.GetProperty("envelope").GetDecimal() - ledgerCommitted, programme.GetProperty("remaining").GetDecimal());
        Assert.Equal(held, (await AllGrantsAsync(gestionnaire)).Sum(g => g.GetProperty("committed").GetDecimal()));
    }

    /// <summary>Every grant the list shows, all pages.</summary>
    public static async Task<List<JsonElement>> AllGrantsAsync(HttpClient gestionnaire, string query = "")
    {
        var grants = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var answer = await gestionnaire.GetFromJsonAsync<JsonElement>($"/api/grants?pageSize=200&page={page}{query}",
                TestContext.Current.CancellationToken);
            var items = answer.GetProperty("items").EnumerateArray().ToList();
            grants.AddRange(items);
            if (items.Count < 200)
            {
                return grants;
            }
        }
    }
}

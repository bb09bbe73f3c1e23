using System.Net;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using static Fabriques.Directory.Tests.DirectoryApi;
using static Fabriques.Directory.Tests.Idempotency.IdempotencyKeyTests;

namespace Fabriques.Directory.Tests.Idempotency;

/// <summary>The directory with its janitor running every 200 ms, so a purge is seen without waiting a minute.</summary>
public sealed class BusyJanitorDirectoryHost(Infrastructure infrastructure) : ServiceHost<Program>(infrastructure, ResourceNames.DirectoryDb)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:MaintenanceInterval", "00:00:00.200");
    }
}

public sealed class IdempotencyExpiryTests(BusyJanitorDirectoryHost host) : IClassFixture<BusyJanitorDirectoryHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Keys_older_than_24_hours_are_purged_and_a_request_with_one_runs_again()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        var (old, recent) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var name = UniqueWord();
        using var first = await porteur.SendAsync(Register(old, MinimalPlace(name)), Ct);
        using var kept = await porteur.SendAsync(Register(recent, MinimalPlace(UniqueWord())), Ct);
        Assert.Equal(1, await ExecuteAsync("UPDATE messaging.idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = @key", old));

        await Eventually.SucceedsAsync(async () => await ExecuteAsync("SELECT 1 FROM messaging.idempotency_keys WHERE key = @key", old) == 0,
            TimeSpan.FromSeconds(30), "the expired key was not purged");
        Assert.Equal(1, await ExecuteAsync("SELECT 1 FROM messaging.idempotency_keys WHERE key = @key", recent));

        using var later = await porteur.SendAsync(Register(old, MinimalPlace(name)), Ct);
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.False(later.Headers.Contains("Idempotency-Replayed"));
        Assert.NotEqual(first.Headers.Location, later.Headers.Location);
        Assert.Equal((2, 2), await CountAsync(host.DatabaseConnectionString, name));
    }

    /// <summary>Rows a statement touched (or read).</summary>
    private async Task<int> ExecuteAsync(string sql, string key)
    {
        await using var connection = new NpgsqlConnection(host.DatabaseConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", key);
        if (sql.StartsWith("SELECT", StringComparison.Ordinal))
        {
            return await command.ExecuteScalarAsync(Ct) is null ? 0 : 1;
        }
        return await command.ExecuteNonQueryAsync(Ct);
    }
}

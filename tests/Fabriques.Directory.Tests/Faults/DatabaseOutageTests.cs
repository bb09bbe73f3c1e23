using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.Testing;
using Testcontainers.PostgreSql;

namespace Fabriques.Directory.Tests.Faults;

/// <summary>The directory on a PostgreSQL server of its own, which this test stops and starts again.</summary>
public sealed class OutageHost(Infrastructure infrastructure) : ServiceHost<Program>(infrastructure, ResourceNames.DirectoryDb)
{
    // A fixed host port: the service must find the restarted server at the address it was given.
    public PostgreSqlContainer Postgres { get; } = new PostgreSqlBuilder(Infrastructure.PostgresImage)
        .WithPortBinding(Network.FreeTcpPort(), 5432)
        .Build();

    protected override async Task<string> CreateDatabaseAsync(Infrastructure infrastructure, string name)
    {
        await Postgres.StartAsync();
        return Postgres.GetConnectionString();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

public sealed class DatabaseOutageTests(OutageHost host) : IClassFixture<OutageHost>
{
    [Fact]
    public async Task While_the_database_is_down_writes_answer_503_and_health_is_unhealthy_then_both_recover()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        var ct = TestContext.Current.CancellationToken;
        using (var before = await porteur.PostAsJsonAsync("/api/directory/places", DirectoryApi.MinimalPlace("Avant"), ct))
        {
            Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        }

        await host.Postgres.StopAsync(ct);
        using (var during = await porteur.PostAsJsonAsync("/api/directory/places", DirectoryApi.MinimalPlace("Pendant"), ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Equal("application/problem+json", during.Content.Headers.ContentType?.MediaType);
            Assert.True(during.Headers.Contains("Retry-After"));
            var problem = await during.Content.ReadFromJsonAsync<JsonElement>(ct);
            Assert.Equal(ProblemTypes.ServiceUnavailable, problem.GetProperty("type").GetString());
            Assert.DoesNotContain("Npgsql", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
        }
        var (code, status, _) = await host.ReadHealthAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal("Unhealthy", status);

        await host.Postgres.StartAsync(ct);
        // Two minutes: once in CI, with the other test projects running, writes were not back within one (the test takes
        // 11 s alone); the failure now says what the last write was answered, which that run did not.
        var lastAnswer = "";
        try
        {
            await Eventually.SucceedsAsync(async () =>
            {
                using var after = await porteur.PostAsJsonAsync("/api/directory/places", DirectoryApi.MinimalPlace("Après"), ct);
                lastAnswer = $"{(int)after.StatusCode} {await after.Content.ReadAsStringAsync(ct)}";
                return after.StatusCode == HttpStatusCode.Created;
            }, TimeSpan.FromMinutes(2), "writes did not recover after the database came back");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} The last write was answered: {lastAnswer}", timeout);
        }
        Assert.Equal("Healthy", (await host.ReadHealthAsync()).Status);
    }
}

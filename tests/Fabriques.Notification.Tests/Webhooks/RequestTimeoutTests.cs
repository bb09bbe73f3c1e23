using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Fabriques.Notification.Tests.Webhooks;

/// <summary>The notification service with a two-second default request timeout.</summary>
public sealed class TimeLimitedNotificationHost(Infrastructure infrastructure) : NotificationHost(infrastructure)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RequestTimeouts:Default", "00:00:02");
    }
}

/// <summary>A request stuck in the service (here behind a database lock) is cancelled at its time and answered 504.</summary>
public sealed class RequestTimeoutTests(TimeLimitedNotificationHost host) : IClassFixture<TimeLimitedNotificationHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_creation_stuck_behind_a_lock_is_a_504_problem_at_the_timeout_and_creates_nothing()
    {
        using var partner = host.CreateClient("partner-stuck", Roles.Partenaire);
        // Another session holds the lock a creation for this owner takes first, and keeps it.
        await using var blocker = new NpgsqlConnection(host.DatabaseConnectionString);
        await blocker.OpenAsync(Ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('subscriptions:partner-stuck'))", blocker))
        {
            await lockCommand.ExecuteNonQueryAsync(Ct);
        }

        using var stuck = await partner.PostAsJsonAsync(Api.Subscriptions,
            new { url = "http://127.0.0.1:9/hook", eventTypes = new[] { "fr.anct.fabriques.grant.awarded" } }, Ct);

        Assert.Equal(HttpStatusCode.GatewayTimeout, stuck.StatusCode);
        Assert.Equal("application/problem+json", stuck.Content.Headers.ContentType?.MediaType);
        var problem = await stuck.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(ProblemTypes.Timeout, problem.GetProperty("type").GetString());
        Assert.Contains("2 s", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", blocker))
        {
            await unlock.ExecuteNonQueryAsync(Ct);
        }
        Assert.Empty(await partner.GetItemsAsync(Api.Subscriptions));
    }
}

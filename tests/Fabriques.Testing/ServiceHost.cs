using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Messaging;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing.Messaging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Testing;

/// <summary>
/// One service, in process, on its own database and virtual host of the real infrastructure; ready (database
/// migrated, bus connected) when <see cref="InitializeAsync"/> returns.
/// </summary>
public abstract class ServiceHost<TProgram>(Infrastructure infrastructure, string databaseName) : WebApplicationFactory<TProgram>, IAsyncLifetime
    where TProgram : class
{
    /// <summary>The tests' identity provider, whose public key the service fetches (<see cref="TestIssuer"/>).</summary>
    public static DevelopmentTokens Tokens => TestIssuer.Tokens;

    public string DatabaseConnectionString { get; private set; } = "";
    public string BrokerUri { get; private set; } = "";

    public virtual async ValueTask InitializeAsync()
    {
        DatabaseConnectionString = await CreateDatabaseAsync(infrastructure, databaseName);
        BrokerUri = await infrastructure.CreateVirtualHostAsync(databaseName);
        using var client = CreateClient();
        await Eventually.SucceedsAsync(async () =>
        {
            using var health = await client.GetAsync(Extensions.HealthPath);
            return health.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), $"{typeof(TProgram).Assembly.GetName().Name} did not become healthy");
    }

    /// <summary>The service's database: by default a new one on the shared server.</summary>
    protected virtual Task<string> CreateDatabaseAsync(Infrastructure infrastructure, string name) =>
        infrastructure.CreateDatabaseAsync(name);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // A new database each time, migrated by the service as in Development (no release step in tests).
        builder.UseSetting("Database:MigrateAtStartup", "true");
        builder.UseSetting($"ConnectionStrings:{databaseName}", DatabaseConnectionString);
        builder.UseSetting($"ConnectionStrings:{ResourceNames.RabbitMq}", BrokerUri);
        builder.UseSetting("Jwt:Authority", TestIssuer.Authority.ToString());
        builder.UseSetting("Jwt:RequireHttpsMetadata", "false");
    }

    /// <summary>The readiness report: overall status and the names of its checks.</summary>
    public async Task<(HttpStatusCode Code, string Status, IReadOnlyList<string> Checks)> ReadHealthAsync()
    {
        using var client = CreateClient();
        using var response = await client.GetAsync(Extensions.HealthPath);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, report.GetProperty("status").GetString()!,
            report.GetProperty("checks").EnumerateObject().Select(c => c.Name).ToList());
    }

    /// <summary>
    /// Counts, from now on, the redelivered events <paramref name="consumer"/> recognises and skips: a test waits for it
    /// to know a duplicate arrived (and had no effect) instead of sleeping.
    /// </summary>
    public MetricCounter DuplicatesSkipped(string consumer) =>
        new(Services.GetRequiredService<IMeterFactory>(), MessagingMetrics.Name, "fabriques.inbox.duplicates_skipped", consumer);

    /// <summary>A client that calls as <paramref name="subject"/> with <paramref name="roles"/>.</summary>
    public HttpClient CreateClient(string subject, params string[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", Tokens.Issue(subject, subject, TestIssuer.EmailOf(subject), roles));
        return client;
    }
}

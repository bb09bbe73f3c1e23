using System.Net;
using System.Net.Http.Headers;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Fabriques.Testing;

/// <summary>
/// One service, in process, on its own database and virtual host of the real infrastructure; ready (database
/// migrated, bus connected) when <see cref="InitializeAsync"/> returns.
/// </summary>
public abstract class ServiceHost<TProgram>(Infrastructure infrastructure, string databaseName) : WebApplicationFactory<TProgram>, IAsyncLifetime
    where TProgram : class
{
    private static readonly JwtSettings Jwt = new() { SigningKey = "tests-only-signing-key-0123456789-abcdefghijklmnop" };

    public static DevelopmentTokens Tokens { get; } = new(Jwt, TimeProvider.System);

    public string DatabaseConnectionString { get; private set; } = "";
    public string BrokerUri { get; private set; } = "";

    public virtual async ValueTask InitializeAsync()
    {
        DatabaseConnectionString = await infrastructure.CreateDatabaseAsync(databaseName);
        BrokerUri = await infrastructure.CreateVirtualHostAsync(databaseName);
        using var client = CreateClient();
        await Eventually.SucceedsAsync(async () =>
        {
            using var health = await client.GetAsync(Extensions.HealthPath);
            return health.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), $"{typeof(TProgram).Assembly.GetName().Name} did not become healthy");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{databaseName}", DatabaseConnectionString);
        builder.UseSetting($"ConnectionStrings:{ResourceNames.RabbitMq}", BrokerUri);
        builder.UseSetting("Jwt:SigningKey", Jwt.SigningKey);
    }

    /// <summary>A client that calls as <paramref name="subject"/> with <paramref name="roles"/>.</summary>
    public HttpClient CreateClient(string subject, params string[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", Tokens.Issue(subject, subject, $"{subject}@example.org", roles));
        return client;
    }
}

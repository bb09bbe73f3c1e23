extern alias directory;
extern alias gateway;

using Fabriques.ServiceDefaults;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Bench.DirectorySearch;

/// <summary>Where the factories find each web project (the aliased references get no content-root attribute).</summary>
public static class ContentRoots
{
    public static void Set()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "Fabriques.sln")))
        {
            repository = repository.Parent ?? throw new InvalidOperationException("Run from within the repository.");
        }
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FABRIQUES_DIRECTORY", Path.Combine(repository.FullName, "services", "Directory"));
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FABRIQUES_GATEWAY", Path.Combine(repository.FullName, "gateway"));
    }
}

/// <summary>The directory service on a real Kestrel port, its own database and virtual host, quiet logs.</summary>
public sealed class DirectoryService : ServiceHost<directory::Program>
{
    public DirectoryService(Infrastructure infrastructure) : base(infrastructure, ResourceNames.DirectoryDb) => UseKestrel(0);

    public string Address => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}

/// <summary>The YARP gateway on a real Kestrel port, finding the directory by service discovery as under Aspire.</summary>
public sealed class Gateway : WebApplicationFactory<gateway::Program>
{
    private readonly string _directoryAddress;

    public Gateway(string directoryAddress)
    {
        _directoryAddress = directoryAddress;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Outside Development the gateway verifies tokens against an identity provider: the tests' issuer, which also
        // signs the directory service's tokens here (ServiceHost).
        builder.UseSetting("Jwt:Authority", TestIssuer.Authority.ToString());
        builder.UseSetting("Jwt:RequireHttpsMetadata", "false");
        builder.UseSetting("services:directory:http:0", _directoryAddress);
        // One client sends every request: the per-caller read limit would measure 429s (the limiter still runs).
        builder.UseSetting("RateLimiting:Reads:Burst", "100000000");
        builder.UseSetting("RateLimiting:Reads:PerMinute", "60000000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Only the directory runs here: the probes of the other clusters fail by design.
        builder.UseSetting("Logging:LogLevel:Yarp", "Error");
    }
}

using System.Net;

namespace Fabriques.Candidature.Tests;

public sealed class ReadinessTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    [Fact]
    public async Task The_service_is_ready_with_its_database_migrated_and_its_bus_connected()
    {
        var (code, status, checks) = await host.ReadHealthAsync();

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Healthy", status);
        Assert.Contains("CandidatureDbContext", checks);
        Assert.Contains(checks, name => name.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
    }
}

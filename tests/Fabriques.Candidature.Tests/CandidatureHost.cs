using Fabriques.Candidature.Data;
using Fabriques.ServiceDefaults;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fabriques.Candidature.Tests;

/// <summary>The candidature service on its own database and virtual host, on a clock the tests move.</summary>
public class CandidatureHost(Infrastructure infrastructure) : ServiceHost<Program>(infrastructure, ResourceNames.CandidatureDb)
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Reads the service's database directly, to check what the API does not show.</summary>
    public async Task<T> QueryAsync<T>(Func<CandidatureDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CandidatureDbContext>());
    }
}

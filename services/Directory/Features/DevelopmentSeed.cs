using Fabriques.Directory.Data;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Directory.Features;

/// <summary>
/// In Development, an empty directory starts with the seed of <see cref="SeedPlaces"/>, so a frontend team works on
/// real data from the first run. Registered after the database migrator, so the schema is there.
/// </summary>
public sealed partial class DevelopmentSeed(IServiceScopeFactory scopes, ILogger<DevelopmentSeed> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<DirectoryDbContext>().Places.AnyAsync(cancellationToken))
        {
            return;
        }
        var report = await SeedPlaces.LoadAsync(scope.ServiceProvider.GetRequiredService<PlaceImporter>(), cancellationToken);
        LogSeeded(logger, report.Created);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Development seed: {Count} places of Région Sud imported")]
    private static partial void LogSeeded(ILogger logger, int count);
}

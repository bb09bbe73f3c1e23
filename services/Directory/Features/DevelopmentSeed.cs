using Fabriques.Directory.Data;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Directory.Features;

/// <summary>
/// In Development, an empty directory starts with the 16 real Fabriques of Région Sud (2022 inventory, in the national
/// standard), loaded through the import path, so a frontend team works on real data from the first run.
/// Registered after the database migrator, so the schema is there.
/// </summary>
public sealed partial class DevelopmentSeed(IServiceScopeFactory scopes, ILogger<DevelopmentSeed> logger) : IHostedService
{
    public const string Owner = "seed:fabriques-region-sud";
    private const string Resource = "fabriques-region-sud.csv";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<DirectoryDbContext>().Places.AnyAsync(cancellationToken))
        {
            return;
        }
        await using var csv = typeof(DevelopmentSeed).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Embedded seed {Resource} is missing.");
        var (report, error) = await scope.ServiceProvider.GetRequiredService<PlaceImporter>().ImportAsync(csv, Owner, cancellationToken);
        if (report is null || report.Rejected.Count > 0)
        {
            throw new InvalidOperationException($"The Development seed does not import cleanly: {error ?? string.Join("; ", report!.Rejected.SelectMany(r => r.Errors))}");
        }
        LogSeeded(logger, report.Created);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Development seed: {Count} places of Région Sud imported")]
    private static partial void LogSeeded(ILogger logger, int count);
}

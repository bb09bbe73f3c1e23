using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fabriques.Messaging.Database;

/// <summary>
/// Applies the service's migrations, waiting for the database rather than failing when it is not up yet: at start-up
/// in Development (before the web server and the relay start), or alone as the release's migration step
/// (<c>migrate</c> argument, see <see cref="ServiceDatabase.RunOrMigrateAsync{TDbContext}"/>). Concurrent runs are
/// serialised by EF Core's migration lock, but a release runs the step once so that replicas never wait on it.
/// </summary>
internal sealed partial class DatabaseMigrator<TDbContext>(IServiceScopeFactory scopes, ILogger<DatabaseMigrator<TDbContext>> logger)
    : IHostedService
    where TDbContext : DbContext
{
    public Task StartAsync(CancellationToken cancellationToken) => MigrateAsync(cancellationToken);

    /// <summary>Applies the pending migrations; returns how many there were.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var database = scope.ServiceProvider.GetRequiredService<TDbContext>().Database;
                var pending = (await database.GetPendingMigrationsAsync(cancellationToken)).Count();
                await database.MigrateAsync(cancellationToken);
                LogMigrated(logger, typeof(TDbContext).Name, pending);
                return pending;
            }
            catch (Exception exception) when (attempt < 30 && !cancellationToken.IsCancellationRequested)
            {
                LogWaiting(logger, exception, typeof(TDbContext).Name, attempt);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migrating {DbContext} failed (attempt {Attempt}); retrying")]
    private static partial void LogWaiting(ILogger logger, Exception exception, string dbContext, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DbContext} is up to date ({Pending} migrations applied)")]
    private static partial void LogMigrated(ILogger logger, string dbContext, int pending);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
/// <remarks>
/// On a new database EF Core first queries a history table that does not exist yet and logs that failed command as an
/// Error, although it then creates the table: while migrating, failed commands are logged at Debug. A real failure
/// still throws, and is logged here: at Information while the database may still be starting, once as a Warning when
/// it stays unreachable, and by the host when the service gives up.
/// </remarks>
internal sealed partial class DatabaseMigrator<TDbContext>(IServiceScopeFactory scopes, ILogger<DatabaseMigrator<TDbContext>> logger)
    : IHostedService
    where TDbContext : DbContext
{
    private const int Attempts = 30;
    private const int WarnAfterAttempts = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public Task StartAsync(CancellationToken cancellationToken) => MigrateAsync(cancellationToken);

    /// <summary>Applies the pending migrations; returns how many there were.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var options = new DbContextOptionsBuilder<TDbContext>(scope.ServiceProvider.GetRequiredService<DbContextOptions<TDbContext>>())
                    .ConfigureWarnings(warnings => warnings.Log((RelationalEventId.CommandError, LogLevel.Debug)))
                    .Options;
                await using var db = ActivatorUtilities.CreateInstance<TDbContext>(scope.ServiceProvider, options);
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
                await db.Database.MigrateAsync(cancellationToken);
                LogMigrated(logger, typeof(TDbContext).Name, pending);
                return pending;
            }
            catch (Exception exception) when (attempt < Attempts && !cancellationToken.IsCancellationRequested)
            {
                if (attempt == WarnAfterAttempts)
                {
                    LogStillUnreachable(logger, exception, typeof(TDbContext).Name, attempt, Attempts);
                }
                else
                {
                    LogWaiting(logger, typeof(TDbContext).Name, attempt, exception.Message);
                }
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating {DbContext} failed (attempt {Attempt}), the database may still be starting: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string dbContext, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database of {DbContext} is still unreachable after {Attempt} attempts; the service keeps trying, and stops after {Attempts}")]
    private static partial void LogStillUnreachable(ILogger logger, Exception exception, string dbContext, int attempt, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DbContext} is up to date ({Pending} migrations applied)")]
    private static partial void LogMigrated(ILogger logger, string dbContext, int pending);
}

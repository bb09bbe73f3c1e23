using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fabriques.Messaging.Database;

/// <summary>
/// Applies the service's migrations at start-up, before the web server and the relay start; waits for the database
/// rather than crashing when it is not up yet. EF Core serialises concurrent replicas with its migration lock.
/// </summary>
internal sealed partial class DatabaseMigrator<TDbContext>(IServiceScopeFactory scopes, ILogger<DatabaseMigrator<TDbContext>> logger)
    : IHostedService
    where TDbContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TDbContext>().Database.MigrateAsync(cancellationToken);
                return;
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
}

using Fabriques.Messaging.Background;
using Fabriques.Messaging.Idempotency;
using Fabriques.Messaging.Outbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Fabriques.Messaging.Database;

public static class ServiceDatabase
{
    /// <summary>Argument that makes a service apply its migrations and exit, instead of serving.</summary>
    public const string MigrateCommand = "migrate";

    /// <summary>
    /// Configuration key <c>Database:MigrateAtStartup</c>: whether the service applies its migrations when it starts.
    /// True by default in Development only; elsewhere a release runs <see cref="MigrateCommand"/> once, before the
    /// replicas start (docs/deployment.md).
    /// </summary>
    public const string MigrateAtStartupKey = "Database:MigrateAtStartup";

    /// <summary>
    /// Registers the service's own PostgreSQL database: snake_case names, the background workers' wake-up after a commit, short retries, Aspire's
    /// health check and telemetry, its <c>Idempotency-Key</c> records, and (in Development) its migrations applied
    /// before the service takes traffic.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TDbContext>(this IHostApplicationBuilder builder, string connectionName)
        where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is missing.");

        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<WakeAfterCommitInterceptor>();
        // Pooled: a request or a consumed batch reuses a context instead of building one and its services (ADR 0019).
        builder.Services.AddDbContextPool<TDbContext>((services, options) => options
            // A few quick retries ride out a failover; a longer outage answers 503 at once rather than after a minute.
            .UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(3, TimeSpan.FromSeconds(1), null))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(services.GetRequiredService<WakeAfterCommitInterceptor>()));
        builder.EnrichNpgsqlDbContext<TDbContext>(settings => settings.DisableRetry = true);
        builder.Services.AddSingleton<DatabaseMigrator<TDbContext>>();
        if (builder.Configuration.GetValue(MigrateAtStartupKey, builder.Environment.IsDevelopment()))
        {
            builder.Services.AddHostedService(services => services.GetRequiredService<DatabaseMigrator<TDbContext>>());
        }
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IIdempotencyStore, IdempotencyStore<TDbContext>>();
        // First in line, before the catch-all handler of the service defaults.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IExceptionHandler, DatabaseConflictHandler>());
        return builder;
    }

    /// <summary>
    /// With <see cref="MigrateCommand"/> as first argument, applies the migrations and returns (the process exits 0,
    /// or fails with the error): the release's migration step, run once whatever the number of replicas. Otherwise
    /// runs the service.
    /// </summary>
    public static async Task RunOrMigrateAsync<TDbContext>(this WebApplication app, string[] args)
        where TDbContext : DbContext
    {
        if (args is [MigrateCommand, ..])
        {
            await app.Services.GetRequiredService<DatabaseMigrator<TDbContext>>().MigrateAsync(CancellationToken.None);
            return;
        }
        await app.RunAsync();
    }
}

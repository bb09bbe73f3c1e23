using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fabriques.Messaging.Telemetry;

/// <summary>Configuration section <c>Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>How often the business gauges are read from the database.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Reads what a service's business gauges show from its database, every <see cref="MetricsOptions.SampleInterval"/>,
/// into the values the gauges report: an exporter's scrape never queries the database, however often it comes.
/// </summary>
public abstract partial class MetricsSampler<TDbContext>(
    IServiceScopeFactory scopes, IOptions<MetricsOptions> options, TimeProvider time, ILogger logger) : BackgroundService
    where TDbContext : DbContext
{
    /// <summary>Reads the database and hands the figures to the service's metrics.</summary>
    protected abstract Task SampleAsync(TDbContext db, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await SampleAsync(scope.ServiceProvider.GetRequiredService<TDbContext>(), stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be down: the gauges keep their last values and the next tick tries again.
                LogSampleFailed(logger, exception, GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Sampler} could not read the business metrics; it tries again at the next interval")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception, string sampler);
}

public static class MetricsSetup
{
    /// <summary>Registers <typeparamref name="TMetrics"/> (the service's meter) and, when it has gauges, their <typeparamref name="TSampler"/>.</summary>
    public static IHostApplicationBuilder AddBusinessMetrics<TMetrics, TSampler>(this IHostApplicationBuilder builder)
        where TMetrics : class
        where TSampler : class, IHostedService
    {
        builder.AddBusinessMetrics<TMetrics>();
        builder.Services.Configure<MetricsOptions>(builder.Configuration.GetSection(MetricsOptions.SectionName));
        builder.Services.AddHostedService<TSampler>();
        return builder;
    }

    /// <summary>Registers <typeparamref name="TMetrics"/>, the service's meter, for whatever records into it.</summary>
    public static IHostApplicationBuilder AddBusinessMetrics<TMetrics>(this IHostApplicationBuilder builder)
        where TMetrics : class
    {
        builder.Services.AddSingleton<TMetrics>();
        return builder;
    }
}

using Fabriques.Grants.Data;
using Fabriques.Messaging.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fabriques.Grants.Telemetry;

/// <summary>Reads the programme, what it spent and its consistency, with the same queries as <c>GET /programme</c> and <c>GET /programme/consistency</c>.</summary>
public sealed class GrantsMetricsSampler(
    GrantsMetrics metrics,
    IServiceScopeFactory scopes,
    IOptions<MetricsOptions> options,
    TimeProvider time,
    ILogger<GrantsMetricsSampler> logger) : MetricsSampler<GrantsDbContext>(scopes, options, time, logger)
{
    protected override async Task SampleAsync(GrantsDbContext db, CancellationToken cancellationToken)
    {
        var programme = await db.Programmes.AsNoTracking().SingleAsync(cancellationToken);
        metrics.Record(programme, await db.UsageAsync(cancellationToken));
        metrics.RecordConsistency(await db.ViolationsAsync(cancellationToken));
    }
}

using System.Data;
using Fabriques.Directory.Data;
using Fabriques.Messaging.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fabriques.Directory.Telemetry;

/// <summary>Counts the places holding each label (from the <c>place_labels.label</c> index), as <c>GET /stats</c> does.</summary>
public sealed class DirectoryMetricsSampler(
    DirectoryMetrics metrics,
    IServiceScopeFactory scopes,
    IOptions<MetricsOptions> options,
    TimeProvider time,
    ILogger<DirectoryMetricsSampler> logger) : MetricsSampler<DirectoryDbContext>(scopes, options, time, logger)
{
    protected override async Task SampleAsync(DirectoryDbContext db, CancellationToken cancellationToken)
    {
        var placesByLabel = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            // One snapshot for every label: a Fabrique numérique, labelled twice in one commit, counts under both or neither.
            await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, token);
            var counts = new Dictionary<string, long>();
            foreach (var label in DirectoryMetrics.Labels)
            {
                counts[label] = await db.Places.LongCountAsync(p => p.ArchivedAt == null && p.Labels.Any(l => l.Label == label), token);
            }
            return counts;
        }, cancellationToken);
        metrics.Record(placesByLabel);
    }
}

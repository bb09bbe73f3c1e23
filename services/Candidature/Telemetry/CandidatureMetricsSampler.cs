using Fabriques.Candidature.Data;
using Fabriques.Messaging.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fabriques.Candidature.Telemetry;

/// <summary>
/// Counts the candidatures by state and wave (from the <c>(state, wave_id)</c> index) and by région of their place,
/// and reads the waves' laureates.
/// </summary>
public sealed class CandidatureMetricsSampler(
    CandidatureMetrics metrics,
    IServiceScopeFactory scopes,
    IOptions<MetricsOptions> options,
    TimeProvider time,
    ILogger<CandidatureMetricsSampler> logger) : MetricsSampler<CandidatureDbContext>(scopes, options, time, logger)
{
    protected override async Task SampleAsync(CandidatureDbContext db, CancellationToken cancellationToken)
    {
        // Counts first: waves are never deleted, so every wave counted is among those read next.
        var counts = await db.Candidatures
            .GroupBy(d => new { d.State, d.WaveId })
            .Select(g => new { g.Key.State, g.Key.WaveId, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var waves = await db.Waves.AsNoTracking()
            .Select(w => new { w.Id, Figures = new WaveFigures(w.Name, w.Laureates, w.MaxLaureates) })
            .ToDictionaryAsync(w => w.Id, w => w.Figures, cancellationToken);
        metrics.Record(
            [.. waves.Values],
            [.. counts.Select(c => new CandidatureCount(c.State, c.WaveId is { } wave ? waves[wave].Name : null, c.Count))]);

        var byRegion = await (
                from dossier in db.Candidatures
                join known in db.Places on dossier.PlaceId equals known.Id into places
                from place in places.DefaultIfEmpty()
                group dossier by new { Region = place == null ? null : place.RegionCode, dossier.State } into g
                select new RegionCount(g.Key.Region, g.Key.State, g.LongCount()))
            .ToListAsync(cancellationToken);
        var regions = await db.Places.Select(p => p.RegionCode).Distinct().ToListAsync(cancellationToken);
        metrics.RecordRegions(regions, byRegion);
    }
}

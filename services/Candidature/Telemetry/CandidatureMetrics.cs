using System.Diagnostics.Metrics;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;

namespace Fabriques.Candidature.Telemetry;

/// <summary>The <c>Fabriques.Candidature</c> meter: where the call stands, as last sampled by <see cref="CandidatureMetricsSampler"/>.</summary>
public sealed class CandidatureMetrics : IDisposable
{
    public const string Name = "Fabriques.Candidature";

    /// <summary>The <c>wave</c> tag of candidatures attached to no wave yet (drafts).</summary>
    public const string NoWave = "none";

    /// <summary>The <c>region</c> tag of candidatures whose place the service does not know yet.</summary>
    public const string NoRegion = "none";

    private readonly Meter _meter;
    private Sample _last = new([], []);
    private IReadOnlyList<Measurement<long>> _byRegion = [];

    public CandidatureMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        _meter.CreateObservableGauge("fabriques.candidatures", () => Volatile.Read(ref _last).Candidatures, "{candidature}",
            "Candidatures by state and wave (drafts, attached to no wave yet: wave \"none\").");
        _meter.CreateObservableGauge("fabriques.candidatures.by_region", () => Volatile.Read(ref _byRegion), "{candidature}",
            "Candidatures by région (INSEE code of their place's région, \"none\" while the place is unknown) and state: each région's backlog.");
        _meter.CreateObservableGauge("fabriques.wave.laureates", () => Volatile.Read(ref _last).Laureates, "{candidature}",
            "Candidatures accepted in each wave.");
        _meter.CreateObservableGauge("fabriques.wave.max_laureates", () => Volatile.Read(ref _last).MaxLaureates, "{candidature}",
            "Most candidatures each wave may accept: the decision that would go beyond is refused.");
    }

    /// <summary>
    /// Replaces what the gauges report. Every state of every wave is reported, zeros included, so a state that
    /// empties shows 0 rather than vanishing from the charts.
    /// </summary>
    public void Record(IReadOnlyList<WaveFigures> waves, IReadOnlyList<CandidatureCount> counts)
    {
        var byStateAndWave = waves
            .SelectMany(w => Enum.GetValues<CandidatureState>().Where(s => s != CandidatureState.Draft).Select(s => (s, w.Name)))
            .Append((CandidatureState.Draft, NoWave))
            .Distinct()
            .ToDictionary(key => key, _ => 0L);
        foreach (var count in counts)
        {
            var key = (count.State, count.Wave ?? NoWave);
            byStateAndWave[key] = byStateAndWave.GetValueOrDefault(key) + count.Count;
        }

        Volatile.Write(ref _last, new Sample(
            [.. byStateAndWave.Select(c => new Measurement<long>(c.Value,
                new KeyValuePair<string, object?>("state", KebabCase<CandidatureState>.Name(c.Key.Item1)),
                new KeyValuePair<string, object?>("wave", c.Key.Item2)))],
            [.. waves.Select(w => (w.Name, w.Laureates, w.MaxLaureates))]));
    }

    /// <summary>
    /// Replaces the per-région gauge. Every state of every région among <paramref name="regions"/> is reported, zeros
    /// included, as for waves.
    /// </summary>
    public void RecordRegions(IReadOnlyList<string> regions, IReadOnlyList<RegionCount> counts)
    {
        var byRegionAndState = regions
            .SelectMany(r => Enum.GetValues<CandidatureState>().Select(s => (Region: r, State: s)))
            .Distinct()
            .ToDictionary(key => key, _ => 0L);
        foreach (var count in counts)
        {
            var key = (count.Region ?? NoRegion, count.State);
            byRegionAndState[key] = byRegionAndState.GetValueOrDefault(key) + count.Count;
        }
        Volatile.Write(ref _byRegion, [.. byRegionAndState.Select(c => new Measurement<long>(c.Value,
            new KeyValuePair<string, object?>("region", c.Key.Region),
            new KeyValuePair<string, object?>("state", KebabCase<CandidatureState>.Name(c.Key.State))))]);
    }

    public void Dispose() => _meter.Dispose();

    private sealed record Sample(IReadOnlyList<Measurement<long>> Candidatures, IReadOnlyList<(string Wave, int Laureates, int Max)> Waves)
    {
        public IEnumerable<Measurement<int>> Laureates => Waves.Select(w => new Measurement<int>(w.Laureates, WaveTag(w.Wave)));
        public IEnumerable<Measurement<int>> MaxLaureates => Waves.Select(w => new Measurement<int>(w.Max, WaveTag(w.Wave)));

        private static KeyValuePair<string, object?> WaveTag(string wave) => new("wave", wave);
    }
}

/// <summary>A wave as the gauges show it (tagged by its name, which operators recognise).</summary>
public sealed record WaveFigures(string Name, int Laureates, int MaxLaureates);

/// <summary>How many candidatures are in <paramref name="State"/> in the wave named <paramref name="Wave"/> (null: none yet).</summary>
public sealed record CandidatureCount(CandidatureState State, string? Wave, long Count);

/// <summary>How many candidatures are in <paramref name="State"/> for places of <paramref name="Region"/> (null: place unknown).</summary>
public sealed record RegionCount(string? Region, CandidatureState State, long Count);

using System.Diagnostics.Metrics;
using System.Text.Json;
using Fabriques.Grants.Domain;

namespace Fabriques.Grants.Telemetry;

/// <summary>The <c>Fabriques.Grants</c> meter: the programme's money and targets, as last sampled by <see cref="GrantsMetricsSampler"/>.</summary>
public sealed class GrantsMetrics : IDisposable
{
    public const string Name = "Fabriques.Grants";

    /// <summary>The <c>target</c> tag values, as <c>GET /programme</c> names its targets (kebab-case).</summary>
    public const string Qpv = "qpv";
    public const string OutsideLargeUrbanCentres = "outside-large-urban-centres";
    public const string Digital = "digital";

    private readonly Meter _meter;
    /// <summary>Null before the first sample: the gauges then report nothing rather than a false 0 EUR envelope.</summary>
    private Sample? _last;
    /// <summary>Null before the first check: no false 0 is reported.</summary>
    private Dictionary<ViolationKind, int>? _consistency;

    public GrantsMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        _meter.CreateObservableGauge("fabriques.programme.envelope", () => Money(s => s.Programme.Envelope), "EUR",
            "The programme's envelope: the most its grants may commit.");
        _meter.CreateObservableGauge("fabriques.programme.committed", () => Money(s => s.Usage.Committed), "EUR",
            "Money reserved by the grants not cancelled (awarded minus what cancellations returned).");
        _meter.CreateObservableGauge("fabriques.programme.paid", () => Money(s => s.Usage.Paid), "EUR",
            "Money actually paid to the Fabriques (instalments paid).");
        _meter.CreateObservableGauge("fabriques.programme.grants", Grants, "{grant}",
            "Grants not cancelled counted against each target (qpv, outside-large-urban-centres, digital).");
        _meter.CreateObservableGauge("fabriques.programme.target", Targets, "{grant}",
            "Each target of the programme: a grant beyond it is refused.");
        _meter.CreateObservableGauge("fabriques.programme.consistency_violations", Violations, "{violation}",
            "Disagreements between decisions, grants and labels (GET /api/grants/programme/consistency), by kind: 0 when the programme is consistent.");
    }

    /// <summary>The violations of the last consistency check, counted by kind.</summary>
    public void RecordConsistency(IReadOnlyList<Violation> violations) =>
        Volatile.Write(ref _consistency, Enum.GetValues<ViolationKind>().ToDictionary(k => k, k => violations.Count(v => v.Kind == k)));

    public void Record(Programme programme, ProgrammeUsage usage) => Volatile.Write(ref _last, new Sample(programme, usage));

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> Money(Func<Sample, decimal> amount) =>
        Volatile.Read(ref _last) is { } last ? [new Measurement<double>((double)amount(last))] : [];

    private IEnumerable<Measurement<int>> Grants() =>
        Volatile.Read(ref _last)?.Usage is { } u
            ? [ByTarget(u.Qpv, Qpv), ByTarget(u.OutsideLargeUrbanCentres, OutsideLargeUrbanCentres), ByTarget(u.Digital, Digital)]
            : [];

    private IEnumerable<Measurement<int>> Targets() =>
        Volatile.Read(ref _last)?.Programme is { } p
            ? [ByTarget(p.QpvTarget, Qpv), ByTarget(p.OutsideLargeUrbanCentresTarget, OutsideLargeUrbanCentres), ByTarget(p.DigitalTarget, Digital)]
            : [];

    private IEnumerable<Measurement<int>> Violations() =>
        Volatile.Read(ref _consistency) is { } byKind
            ? byKind.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("kind", KindTag(p.Key))))
            : [];

    /// <summary>The <c>kind</c> tag, as the consistency endpoint names it (kebab-case).</summary>
    public static string KindTag(ViolationKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    private static Measurement<int> ByTarget(int value, string target) => new(value, new KeyValuePair<string, object?>("target", target));

    private sealed record Sample(Programme Programme, ProgrammeUsage Usage);
}

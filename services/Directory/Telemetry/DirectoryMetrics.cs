using System.Diagnostics.Metrics;
using Fabriques.Contracts.Directory;

namespace Fabriques.Directory.Telemetry;

/// <summary>The <c>Fabriques.Directory</c> meter: the labelled Fabriques, as last sampled by <see cref="DirectoryMetricsSampler"/>.</summary>
public sealed class DirectoryMetrics : IDisposable
{
    public const string Name = "Fabriques.Directory";

    public static readonly IReadOnlyList<string> Labels = [PlaceLabelled.FabriqueDeTerritoire, PlaceLabelled.FabriqueNumeriqueDeTerritoire];

    private readonly Meter _meter;
    private IReadOnlyList<Measurement<long>> _labelled = [];

    public DirectoryMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        _meter.CreateObservableGauge("fabriques.directory.labelled_places", () => Volatile.Read(ref _labelled), "{place}",
            "Places of the directory (archived ones left out) holding each label of the programme.");
    }

    public void Record(IReadOnlyDictionary<string, long> placesByLabel) =>
        Volatile.Write(ref _labelled, [.. placesByLabel.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("label", p.Key)))]);

    public void Dispose() => _meter.Dispose();
}

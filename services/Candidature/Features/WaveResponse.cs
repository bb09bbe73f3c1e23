using Fabriques.Candidature.Domain;

namespace Fabriques.Candidature.Features;

/// <summary>A wave as the contract shows it: its state follows the clock.</summary>
public sealed record WaveResponse(
    Guid Id, string Name, WaveState State, DateTimeOffset OpensAt, DateTimeOffset Deadline, int Laureates, int MaxLaureates,
    IReadOnlyList<DocumentKind> RequiredDocuments)
{
    public static WaveResponse From(Wave wave, DateTimeOffset now) =>
        new(wave.Id, wave.Name, wave.StateAt(now), wave.OpensAt, wave.Deadline, wave.Laureates, wave.MaxLaureates, wave.RequiredDocuments);
}

using Fabriques.Messaging.Background;

namespace Fabriques.Candidature.Features;

/// <summary>Wakes <see cref="AnnounceWaves"/> when this process commits new waves, whose times it does not know yet.</summary>
public sealed class WaveSignal : WorkSignal;

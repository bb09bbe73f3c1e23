using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;

namespace Fabriques.Candidature.Telemetry;

/// <summary>What the candidature service tells operators: ids and states, never what porteurs wrote about themselves.</summary>
public static partial class CandidatureLog
{
    public static void Moved(this ILogger logger, Guid candidatureId, CandidatureState from, CandidatureState to) =>
        LogMoved(logger, candidatureId, KebabCase<CandidatureState>.Name(from), KebabCase<CandidatureState>.Name(to));

    [LoggerMessage(Level = LogLevel.Information, Message = "Candidature {CandidatureId} went from {From} to {To}")]
    private static partial void LogMoved(ILogger logger, Guid candidatureId, string from, string to);
}

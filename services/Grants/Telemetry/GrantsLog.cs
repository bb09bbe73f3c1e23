namespace Fabriques.Grants.Telemetry;

/// <summary>What the grants service tells operators: ids, amounts and reasons, never the beneficiaries' contacts.</summary>
public static partial class GrantsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Grant {GrantId} of {Total} EUR awarded to candidature {CandidatureId}")]
    public static partial void Awarded(this ILogger logger, Guid grantId, Guid candidatureId, decimal total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grant refused to accepted candidature {CandidatureId}: {Reason}")]
    public static partial void AwardRefused(this ILogger logger, Guid candidatureId, string reason);
}

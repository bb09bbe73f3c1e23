namespace Fabriques.Grants.Telemetry;

/// <summary>What the grants service tells operators: ids, amounts and reasons, never the beneficiaries' contacts.</summary>
public static partial class GrantsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Grant {GrantId} of {Total} EUR awarded to candidature {CandidatureId}")]
    public static partial void Awarded(this ILogger logger, Guid grantId, Guid candidatureId, decimal total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grant refused to accepted candidature {CandidatureId}: {Reason}")]
    public static partial void AwardRefused(this ILogger logger, Guid candidatureId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Grant {GrantId} released: candidature {CandidatureId} is no longer accepted for it ({State} at step {Sequence})")]
    public static partial void Released(this ILogger logger, Guid grantId, Guid candidatureId, string state, int sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grant {GrantId} kept although candidature {CandidatureId} is no longer accepted for it: an instalment is paid")]
    public static partial void KeptPaid(this ILogger logger, Guid grantId, Guid candidatureId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Step {Sequence} of candidature {CandidatureId} arrived after step {Latest}: no grant awarded for it")]
    public static partial void StaleAcceptance(this ILogger logger, Guid candidatureId, int sequence, int latest);
}

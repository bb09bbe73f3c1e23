using Fabriques.Grants.Domain;

namespace Fabriques.Grants.Features;

/// <summary>
/// The programme: its envelope, what grants hold of it (<c>committed</c>: awarded minus what cancellations returned),
/// what was paid, what remains, each target with its count, the caps and the digital bonus.
/// </summary>
public sealed record ProgrammeResponse(
    decimal Envelope,
    decimal Committed,
    decimal Paid,
    decimal Remaining,
    ProgrammeResponse.TargetsResponse Targets,
    ProgrammeResponse.CapsResponse Caps,
    decimal DigitalBonus,
    DateTimeOffset? UpdatedAt)
{
    public sealed record TargetResponse(int Count, int Target);

    public sealed record TargetsResponse(TargetResponse Qpv, TargetResponse OutsideLargeUrbanCentres, TargetResponse Digital);

    /// <summary>A grant's bounds: per year, and for its whole duration (digital bonus aside).</summary>
    public sealed record CapsResponse(decimal MaxPerYear, decimal MinTotal, decimal MaxTotal);

    public static ProgrammeResponse From(Programme programme, ProgrammeUsage usage) => new(
        programme.Envelope,
        usage.Committed,
        usage.Paid,
        programme.Envelope - usage.Committed,
        new TargetsResponse(
            new TargetResponse(usage.Qpv, programme.QpvTarget),
            new TargetResponse(usage.OutsideLargeUrbanCentres, programme.OutsideLargeUrbanCentresTarget),
            new TargetResponse(usage.Digital, programme.DigitalTarget)),
        new CapsResponse(programme.MaxPerYear, programme.MinTotal, programme.MaxTotal),
        programme.DigitalBonus,
        programme.UpdatedAt);
}

namespace Fabriques.Grants.Domain;

/// <summary>
/// What the programme has already spent of its envelope and targets. <see cref="Committed"/> is the money reserved by
/// the grants (awarded minus what cancellations returned), <see cref="Paid"/> what was actually paid; the counts are
/// the grants not cancelled.
/// </summary>
public sealed record ProgrammeUsage(decimal Committed, decimal Paid, int Qpv, int Digital, int OutsideLargeUrbanCentres)
{
    public static readonly ProgrammeUsage None = new(0, 0, 0, 0, 0);
}

using Fabriques.Contracts.Grants;

namespace Fabriques.Grants.Domain;

/// <summary>The settings a gestionnaire may change: envelope, targets (number of grants), caps and digital bonus.</summary>
public sealed record ProgrammeSettings(
    decimal Envelope,
    int QpvTarget,
    int DigitalTarget,
    int OutsideLargeUrbanCentresTarget,
    decimal MaxPerYear,
    decimal MinTotal,
    decimal MaxTotal,
    decimal DigitalBonus)
{
    /// <summary>The programme as decided (the contract's defaults, which candidature also applies until told otherwise).</summary>
    public static readonly ProgrammeSettings Default = From(ProgrammeSettingsChanged.Default);

    private static ProgrammeSettings From(ProgrammeSettingsChanged s) => new(
        s.Envelope, s.QpvTarget, s.DigitalTarget, s.OutsideLargeUrbanCentresTarget, s.MaxPerYear, s.MinTotal, s.MaxTotal, s.DigitalBonus);
}

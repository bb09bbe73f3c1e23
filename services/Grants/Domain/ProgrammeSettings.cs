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
    /// <summary>The programme as decided: 45 M€, 150 Fabriques in QPV (30 of them digital), 150 outside large urban centres.</summary>
    public static readonly ProgrammeSettings Default = new(
        Envelope: 45_000_000m,
        QpvTarget: 150,
        DigitalTarget: 30,
        OutsideLargeUrbanCentresTarget: 150,
        MaxPerYear: 50_000m,
        MinTotal: 75_000m,
        MaxTotal: 150_000m,
        DigitalBonus: 100_000m);
}

using Fabriques.Contracts.Grants;

namespace Fabriques.Candidature.Domain;

/// <summary>
/// The programme's caps, durations and targets as this service knows them: owned by the grants service, learnt from its
/// <c>ProgrammeSettingsChanged</c> (the contract's defaults until the first one), checked at every submission.
/// </summary>
public sealed class ProgrammeRules
{
    public const int TheProgramme = 1;

    private ProgrammeRules() { }

    public int Id { get; private set; } = TheProgramme;
    public decimal MaxPerYear { get; private set; }
    public decimal MinTotal { get; private set; }
    public decimal MaxTotal { get; private set; }
    public int[] Durations { get; private set; } = [];
    public int QpvTarget { get; private set; }
    public int DigitalTarget { get; private set; }
    public int OutsideLargeUrbanCentresTarget { get; private set; }
    /// <summary>When the grants service set these rules: an older event arriving late changes nothing.</summary>
    public DateTimeOffset AsOf { get; private set; }

    /// <summary>The contract's defaults, until grants announces its settings.</summary>
    public static ProgrammeRules Default => From(ProgrammeSettingsChanged.Default);

    public static ProgrammeRules From(ProgrammeSettingsChanged settings) => new()
    {
        MaxPerYear = settings.MaxPerYear,
        MinTotal = settings.MinTotal,
        MaxTotal = settings.MaxTotal,
        Durations = [.. settings.Durations.Order()],
        QpvTarget = settings.QpvTarget,
        DigitalTarget = settings.DigitalTarget,
        OutsideLargeUrbanCentresTarget = settings.OutsideLargeUrbanCentresTarget,
        AsOf = settings.OccurredAt.ToUniversalTime(),
    };
}

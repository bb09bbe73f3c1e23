namespace Fabriques.Contracts.Grants;

/// <summary>
/// The programme's settings, as the grants service owns them (<c>PUT /api/grants/programme</c>): the caps, durations and
/// targets a candidature must fit, the envelope and the digital bonus. The candidature service checks submissions
/// against the last one it received, and against <see cref="Default"/> until it receives one.
/// </summary>
[EventType(EventTypes.Prefix + "programme.settings-changed")]
public sealed record ProgrammeSettingsChanged : IntegrationEvent
{
    /// <summary>The one national programme: the aggregate of this event.</summary>
    public static readonly Guid TheProgramme = new("0193a7c0-0000-7000-8000-000000000001");

    /// <summary>The programme as decided: 45 M€, 150 Fabriques in QPV (30 of them digital), 150 outside large urban centres.</summary>
    public static readonly ProgrammeSettingsChanged Default = new()
    {
        Envelope = 45_000_000m,
        QpvTarget = 150,
        DigitalTarget = 30,
        OutsideLargeUrbanCentresTarget = 150,
        MaxPerYear = 50_000m,
        MinTotal = 75_000m,
        MaxTotal = 150_000m,
        Durations = [2, 3],
        DigitalBonus = 100_000m,
        OccurredAt = DateTimeOffset.UnixEpoch,
    };

    public Guid ProgrammeId { get; init; } = TheProgramme;
    public required decimal Envelope { get; init; }
    /// <summary>Number of grants in QPV, of which <see cref="DigitalTarget"/> digital; 0 closes the call to them.</summary>
    public required int QpvTarget { get; init; }
    public required int DigitalTarget { get; init; }
    public required int OutsideLargeUrbanCentresTarget { get; init; }
    /// <summary>At most this much a year.</summary>
    public required decimal MaxPerYear { get; init; }
    /// <summary>The yearly amount times the duration lies between <see cref="MinTotal"/> and <see cref="MaxTotal"/>.</summary>
    public required decimal MinTotal { get; init; }
    public required decimal MaxTotal { get; init; }
    /// <summary>The durations a grant may have, in years (one instalment a year).</summary>
    public required IReadOnlyList<int> Durations { get; init; }
    public required decimal DigitalBonus { get; init; }

    protected override Guid Aggregate => ProgrammeId;
}

namespace Fabriques.Contracts.Candidature;

/// <summary>A wave of the call opened: candidatures submitted now are attached to it.</summary>
[EventType(EventTypes.Prefix + "wave.opened")]
public sealed record WaveOpened : IntegrationEvent
{
    public required Guid WaveId { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset OpensAt { get; init; }
    public required DateTimeOffset Deadline { get; init; }
    public required int MaxLaureates { get; init; }

    protected override Guid Aggregate => WaveId;
}

/// <summary>A wave's deadline passed.</summary>
[EventType(EventTypes.Prefix + "wave.closed")]
public sealed record WaveClosed : IntegrationEvent
{
    public required Guid WaveId { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset Deadline { get; init; }

    protected override Guid Aggregate => WaveId;
}

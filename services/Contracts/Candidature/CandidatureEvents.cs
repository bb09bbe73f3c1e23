namespace Fabriques.Contracts.Candidature;

/// <summary>What every candidature event carries: the candidature, its place, its owner and whom to write to.</summary>
public abstract record CandidatureEvent : IntegrationEvent
{
    public required Guid CandidatureId { get; init; }
    public required Guid PlaceId { get; init; }
    /// <summary>Subject (<c>sub</c>) of the porteur who owns the candidature.</summary>
    public required string OwnerId { get; init; }
    public required Contact Contact { get; init; }
    public required string ProjectTitle { get; init; }
    /// <summary>
    /// Position of this step in the candidature's history (1 for the first): a consumer keeps the latest step it saw
    /// and recognises an older one arriving late. 0 when the publisher did not say.
    /// </summary>
    public int Sequence { get; init; }

    protected override Guid Aggregate => CandidatureId;
}

/// <summary>A porteur submitted a candidature; it is attached to <see cref="WaveId"/>.</summary>
[EventType(EventTypes.Prefix + "candidature.submitted")]
public sealed record CandidatureSubmitted : CandidatureEvent
{
    public required Guid WaveId { get; init; }
    public required string WaveName { get; init; }
    public required DateTimeOffset Deadline { get; init; }
}

/// <summary>A reviewer asked for corrections.</summary>
[EventType(EventTypes.Prefix + "candidature.returned")]
public sealed record CandidatureReturned : CandidatureEvent
{
    public required string Motivation { get; init; }
}

/// <summary>A reviewer started examining a candidature.</summary>
[EventType(EventTypes.Prefix + "candidature.review-started")]
public sealed record CandidatureReviewStarted : CandidatureEvent;

/// <summary>A candidature was accepted: everything the grants service needs to award the subsidy.</summary>
[EventType(EventTypes.Prefix + "candidature.accepted")]
public sealed record CandidatureAccepted : CandidatureEvent
{
    public required Guid WaveId { get; init; }
    public required TerritoryKind Territory { get; init; }
    public string? QpvCode { get; init; }
    public required bool Digital { get; init; }
    public required decimal AmountPerYear { get; init; }
    public required int DurationYears { get; init; }
    public required string DepartmentCode { get; init; }
    public string? Motivation { get; init; }
    public decimal? Score { get; init; }
    /// <summary>Subject (<c>sub</c>) of the instructeur who accepted: the grants ledger records who committed the money.</summary>
    public string? DecidedBy { get; init; }
}

/// <summary>A candidature was refused.</summary>
[EventType(EventTypes.Prefix + "candidature.rejected")]
public sealed record CandidatureRejected : CandidatureEvent
{
    public required string Motivation { get; init; }
    /// <summary>Subject (<c>sub</c>) of the instructeur who refused.</summary>
    public string? DecidedBy { get; init; }
}

/// <summary>A candidature was closed without a decision on its merits (classée sans suite).</summary>
[EventType(EventTypes.Prefix + "candidature.dismissed")]
public sealed record CandidatureDismissed : CandidatureEvent
{
    public required string Motivation { get; init; }
    /// <summary>Subject (<c>sub</c>) of the instructeur who closed it.</summary>
    public string? DecidedBy { get; init; }
}

/// <summary>A decided candidature went back under review.</summary>
[EventType(EventTypes.Prefix + "candidature.reopened")]
public sealed record CandidatureReopened : CandidatureEvent
{
    public required string Motivation { get; init; }
    /// <summary>Subject (<c>sub</c>) of the instructeur who reopened: the grants ledger names them when the grant is released.</summary>
    public string? DecidedBy { get; init; }
}

/// <summary>The porteur withdrew a candidature before any decision.</summary>
[EventType(EventTypes.Prefix + "candidature.withdrawn")]
public sealed record CandidatureWithdrawn : CandidatureEvent;

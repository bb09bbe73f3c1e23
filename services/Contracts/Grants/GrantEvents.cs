using Fabriques.Contracts.Candidature;

namespace Fabriques.Contracts.Grants;

/// <summary>One yearly instalment of a grant.</summary>
public sealed record InstalmentPlan(int Year, decimal Amount, DateOnly DueOn);

/// <summary>A start-up subsidy was awarded for an accepted candidature.</summary>
[EventType(EventTypes.Prefix + "grant.awarded")]
public sealed record GrantAwarded : IntegrationEvent
{
    public required Guid GrantId { get; init; }
    public required Guid CandidatureId { get; init; }
    public required Guid PlaceId { get; init; }
    public required string OwnerId { get; init; }
    public required Contact Contact { get; init; }
    public required TerritoryKind Territory { get; init; }
    public required bool Digital { get; init; }
    /// <summary>Everything the grant pays, digital bonus included.</summary>
    public required decimal Total { get; init; }
    public required IReadOnlyList<InstalmentPlan> Instalments { get; init; }

    protected override Guid Aggregate => GrantId;
}

/// <summary>An accepted candidature could not be funded (envelope or target reached); nothing was awarded.</summary>
[EventType(EventTypes.Prefix + "grant.award-refused")]
public sealed record GrantAwardRefused : IntegrationEvent
{
    public required Guid CandidatureId { get; init; }
    public required Guid PlaceId { get; init; }
    /// <summary>Why, in French, for the candidature's history: e.g. the envelope or the QPV target is reached.</summary>
    public required string Reason { get; init; }

    protected override Guid Aggregate => CandidatureId;
}

/// <summary>An instalment was committed (engagé).</summary>
[EventType(EventTypes.Prefix + "grant.instalment-committed")]
public sealed record InstalmentCommitted : IntegrationEvent
{
    public required Guid GrantId { get; init; }
    public required Guid CandidatureId { get; init; }
    public required int Year { get; init; }
    public required decimal Amount { get; init; }

    protected override Guid Aggregate => GrantId;
}

/// <summary>An instalment was paid.</summary>
[EventType(EventTypes.Prefix + "grant.instalment-paid")]
public sealed record InstalmentPaid : IntegrationEvent
{
    public required Guid GrantId { get; init; }
    public required Guid CandidatureId { get; init; }
    public required string OwnerId { get; init; }
    public required Contact Contact { get; init; }
    public required int Year { get; init; }
    public required decimal Amount { get; init; }
    public required DateOnly PaidOn { get; init; }
    public required string Reference { get; init; }

    protected override Guid Aggregate => GrantId;
}

/// <summary>A grant was cancelled: its unpaid instalments returned to the envelope, the place loses its label.</summary>
[EventType(EventTypes.Prefix + "grant.cancelled")]
public sealed record GrantCancelled : IntegrationEvent
{
    public required Guid GrantId { get; init; }
    public required Guid CandidatureId { get; init; }
    public required Guid PlaceId { get; init; }
    public required string Motivation { get; init; }
    public required decimal ReturnedToEnvelope { get; init; }

    protected override Guid Aggregate => GrantId;
}

using System.Text.Json.Serialization;
using Fabriques.Contracts.Candidature;

namespace Fabriques.Contracts.Grants;

/// <summary>Where a grant comes from: awarded by the platform for an accepted candidature, or imported from the programme's history.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GrantOrigin>))]
public enum GrantOrigin
{
    [JsonStringEnumMemberName("candidature")]
    Candidature,

    [JsonStringEnumMemberName("import")]
    Import,
}

/// <summary>Why a grant was cancelled.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GrantCancellationCause>))]
public enum GrantCancellationCause
{
    /// <summary>A gestionnaire cancelled it (<c>POST /api/grants/{id}/cancel</c>).</summary>
    [JsonStringEnumMemberName("gestionnaire")]
    Gestionnaire,

    /// <summary>The acceptance it funded was undone: the candidature was reopened, or accepted again.</summary>
    [JsonStringEnumMemberName("decision-undone")]
    DecisionUndone,
}

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
    /// <summary>The <see cref="CandidatureEvent.Sequence"/> of the acceptance that awarded it: a later acceptance of the same candidature awards a newer grant.</summary>
    public int Acceptance { get; init; }
    /// <summary><c>candidature</c> (awarded by the platform) or <c>import</c> (awarded before it, loaded from history).</summary>
    public GrantOrigin Origin { get; init; } = GrantOrigin.Candidature;

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
    /// <summary>The <see cref="CandidatureEvent.Sequence"/> of the acceptance that was refused: a later acceptance is not undone by it.</summary>
    public int Acceptance { get; init; }
    /// <summary>Whom to tell: the porteur who owns the candidature (absent from events of older publishers).</summary>
    public string? OwnerId { get; init; }
    public Contact? Contact { get; init; }
    public string? ProjectTitle { get; init; }

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
    public Guid PlaceId { get; init; }
    /// <summary>The acceptance that awarded the grant (see <see cref="GrantAwarded.Acceptance"/>).</summary>
    public int Acceptance { get; init; }

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
    /// <summary>The acceptance that awarded the grant (see <see cref="GrantAwarded.Acceptance"/>).</summary>
    public int Acceptance { get; init; }
    /// <summary>Why: a gestionnaire cancelled it, or the candidature's acceptance was undone (reopened).</summary>
    public GrantCancellationCause Cause { get; init; } = GrantCancellationCause.Gestionnaire;
    /// <summary>Whom to tell: the porteur who owns the grant (absent from events of older publishers).</summary>
    public string? OwnerId { get; init; }
    public Contact? Contact { get; init; }

    protected override Guid Aggregate => GrantId;
}

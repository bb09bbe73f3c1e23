using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Grants;

namespace Fabriques.Contracts.Partners;

// Version 1 of what leaves the platform (event feed, webhooks, partners' broker exchange): ids, codes, states,
// amounts, dates, the organisation's name. Never a person's name, e-mail or phone, an owner id, a motivation or an
// opinion: those stay in the internal events. A later version adds types suffixed V2; V1 only grows.

/// <summary>What every partner payload carries: the event's id (stable across redeliveries) and when it happened.</summary>
public abstract record PartnerEvent
{
    public required Guid EventId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A tiers-lieu of the public directory: where it is, never who registered it.</summary>
public sealed record PlaceRegisteredV1 : PartnerEvent
{
    public required Guid PlaceId { get; init; }
    public required string Name { get; init; }
    public required string InseeCode { get; init; }
    public required string DepartmentCode { get; init; }
    public required string RegionCode { get; init; }
}

public sealed record PlaceUpdatedV1 : PartnerEvent
{
    public required Guid PlaceId { get; init; }
    public required string Name { get; init; }
    public required string InseeCode { get; init; }
    public required string DepartmentCode { get; init; }
    public required string RegionCode { get; init; }
    public required bool Archived { get; init; }
}

public sealed record PlaceLabelledV1 : PartnerEvent
{
    public required Guid PlaceId { get; init; }
    public required string Label { get; init; }
    public required DateOnly Since { get; init; }
    public required Guid GrantId { get; init; }
    public required bool Removed { get; init; }
}

public sealed record WaveOpenedV1 : PartnerEvent
{
    public required Guid WaveId { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset OpensAt { get; init; }
    public required DateTimeOffset Deadline { get; init; }
    public required int MaxLaureates { get; init; }
}

public sealed record WaveClosedV1 : PartnerEvent
{
    public required Guid WaveId { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset Deadline { get; init; }
}

/// <summary>
/// A candidature reached <see cref="State"/> (<c>returned</c>, <c>under-review</c>, <c>rejected</c>, <c>dismissed</c>…):
/// which candidature, which place, which organisation; the motivation stays with the porteur.
/// </summary>
public record CandidatureStateChangedV1 : PartnerEvent
{
    public required Guid CandidatureId { get; init; }
    public required Guid PlaceId { get; init; }
    public required string OrganisationName { get; init; }
    public required string State { get; init; }
}

public sealed record CandidatureSubmittedV1 : CandidatureStateChangedV1
{
    public required Guid WaveId { get; init; }
    public required string WaveName { get; init; }
    public required DateTimeOffset Deadline { get; init; }
}

/// <summary>An acceptance: the money asked and the territory, without who decided nor why.</summary>
public sealed record CandidatureAcceptedV1 : CandidatureStateChangedV1
{
    public required Guid WaveId { get; init; }
    public required TerritoryKind Territory { get; init; }
    public required string? QpvCode { get; init; }
    public required bool Digital { get; init; }
    public required decimal AmountPerYear { get; init; }
    public required int DurationYears { get; init; }
    public required string DepartmentCode { get; init; }
}

public sealed record GrantAwardedV1 : PartnerEvent
{
    public required Guid GrantId { get; init; }
    public required Guid CandidatureId { get; init; }
    public required Guid PlaceId { get; init; }
    public required string OrganisationName { get; init; }
    public required TerritoryKind Territory { get; init; }
    public required bool Digital { get; init; }
    public required decimal Total { get; init; }
    public required IReadOnlyList<InstalmentPlan> Instalments { get; init; }
}

/// <summary>An accepted candidature that could not be funded; the reason is told to the porteur, not to partners.</summary>
public sealed record GrantAwardRefusedV1 : PartnerEvent
{
    public required Guid CandidatureId { get; init; }
    public required Guid PlaceId { get; init; }
}

public sealed record InstalmentCommittedV1 : PartnerEvent
{
    public required Guid GrantId { get; init; }
    public required Guid CandidatureId { get; init; }
    public required int Year { get; init; }
    public required decimal Amount { get; init; }
}

public sealed record InstalmentPaidV1 : PartnerEvent
{
    public required Guid GrantId { get; init; }
    public required Guid CandidatureId { get; init; }
    public required string OrganisationName { get; init; }
    public required int Year { get; init; }
    public required decimal Amount { get; init; }
    public required DateOnly PaidOn { get; init; }
    public required string Reference { get; init; }
}

public sealed record GrantCancelledV1 : PartnerEvent
{
    public required Guid GrantId { get; init; }
    public required Guid CandidatureId { get; init; }
    public required Guid PlaceId { get; init; }
    public required decimal ReturnedToEnvelope { get; init; }
}

/// <summary>The programme's public settings: its envelope, targets and caps (what a partner shows an applicant).</summary>
public sealed record ProgrammeSettingsChangedV1 : PartnerEvent
{
    public required Guid ProgrammeId { get; init; }
    public required decimal Envelope { get; init; }
    public required int QpvTarget { get; init; }
    public required int DigitalTarget { get; init; }
    public required int OutsideLargeUrbanCentresTarget { get; init; }
    public required decimal MaxPerYear { get; init; }
    public required decimal MinTotal { get; init; }
    public required decimal MaxTotal { get; init; }
    public required IReadOnlyList<int> Durations { get; init; }
    public required decimal DigitalBonus { get; init; }
}

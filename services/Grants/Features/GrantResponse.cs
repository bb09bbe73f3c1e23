using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Grants;
using Fabriques.Grants.Domain;

namespace Fabriques.Grants.Features;

/// <summary>
/// A grant as the contract shows it: its instalments and its movements in the programme's ledger. <c>origin</c> is
/// <c>candidature</c>, or <c>import</c> for a grant awarded before the platform (its <c>candidatureId</c> then names the
/// historical decision, not a candidature of the platform).
/// </summary>
public sealed record GrantResponse(
    Guid Id,
    GrantOrigin Origin,
    Guid CandidatureId,
    Guid PlaceId,
    string OwnerId,
    string ProjectTitle,
    Contact Contact,
    TerritoryKind Territory,
    string? QpvCode,
    bool Digital,
    string DepartmentCode,
    decimal AmountPerYear,
    int DurationYears,
    decimal DigitalBonus,
    decimal Total,
    decimal Committed,
    decimal Paid,
    GrantState State,
    DateTimeOffset AwardedAt,
    DateTimeOffset? CancelledAt,
    string? CancellationMotivation,
    IReadOnlyList<InstalmentResponse> Instalments,
    IReadOnlyList<LedgerEntryResponse> Ledger)
{
    public static GrantResponse From(Grant grant) => new(
        grant.Id, grant.Origin, grant.CandidatureId, grant.PlaceId, grant.OwnerId, grant.ProjectTitle, grant.Contact, grant.Territory,
        grant.QpvCode, grant.Digital, grant.DepartmentCode, grant.AmountPerYear, grant.DurationYears, grant.DigitalBonus,
        grant.Total, grant.Committed, grant.Paid, grant.State, grant.AwardedAt, grant.CancelledAt, grant.CancellationMotivation,
        grant.Instalments.OrderBy(i => i.Year).Select(InstalmentResponse.From).ToList(),
        grant.Ledger.OrderBy(e => e.At).ThenBy(e => e.Id).Select(LedgerEntryResponse.From).ToList());
}

public sealed record InstalmentResponse(
    int Year,
    decimal Amount,
    DateOnly DueOn,
    InstalmentState State,
    DateTimeOffset? CommittedAt,
    DateOnly? PaidOn,
    string? Reference)
{
    public static InstalmentResponse From(Instalment instalment) => new(
        instalment.Year, instalment.Amount, instalment.DueOn, instalment.State, instalment.CommittedAt, instalment.PaidOn,
        instalment.PaymentReference);
}

/// <summary>One movement of money: who caused it, when, for which instalment.</summary>
public sealed record LedgerEntryResponse(LedgerEntryKind Kind, decimal Amount, int? InstalmentYear, string Actor, DateTimeOffset At)
{
    public static LedgerEntryResponse From(LedgerEntry entry) => new(entry.Kind, entry.Amount, entry.InstalmentYear, entry.Actor, entry.At);
}

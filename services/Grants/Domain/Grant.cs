using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Grants;

namespace Fabriques.Grants.Domain;

public enum GrantState
{
    Active,
    /// <summary>Every instalment is paid.</summary>
    Completed,
    Cancelled,
}

/// <summary>
/// A grant awarded before the platform: its beneficiary, terms, award date and how many of its yearly instalments were
/// already paid. <see cref="DecisionId"/> identifies the historical decision (derived from the line), so importing the
/// same line again finds it.
/// </summary>
public sealed record HistoricalGrant(
    Guid DecisionId, Beneficiary Beneficiary, GrantTerms Terms, DateOnly AwardedOn, int PaidInstalments);

/// <summary>Who the grant is for, as the accepted candidature describes it.</summary>
public sealed record Beneficiary(
    Guid CandidatureId, Guid PlaceId, string OwnerId, Contact Contact, string ProjectTitle, string DepartmentCode, string? QpvCode);

/// <summary>
/// A start-up subsidy: its yearly instalments, paid in order, and its movements in the programme's ledger. Every
/// change of money goes through here, so the ledger always matches the instalments.
/// </summary>
public sealed class Grant
{
    private readonly List<Instalment> _instalments = [];
    private readonly List<LedgerEntry> _ledger = [];

    private Grant() { }

    public Guid Id { get; private set; }
    /// <summary>Awarded by the platform for an accepted candidature, or imported from the programme's history.</summary>
    public GrantOrigin Origin { get; private set; }
    public Guid CandidatureId { get; private set; }
    /// <summary>
    /// The candidature's history step that accepted it (<see cref="CandidatureEvent.Sequence"/>): a candidature
    /// reopened and accepted again gets a new grant, and the older one is recognised as no longer funded.
    /// </summary>
    public int Acceptance { get; private set; }
    public Guid PlaceId { get; private set; }
    /// <summary>Subject of the porteur who owns the candidature: the only porteur who may read the grant.</summary>
    public string OwnerId { get; private set; } = "";
    public string OrganisationName { get; private set; } = "";
    public string ContactName { get; private set; } = "";
    public string ContactEmail { get; private set; } = "";
    public string ProjectTitle { get; private set; } = "";
    public TerritoryKind Territory { get; private set; }
    public string? QpvCode { get; private set; }
    public bool Digital { get; private set; }
    public string DepartmentCode { get; private set; } = "";
    public decimal AmountPerYear { get; private set; }
    public int DurationYears { get; private set; }
    public decimal DigitalBonus { get; private set; }
    /// <summary>Everything the grant pays, digital bonus included.</summary>
    public decimal Total { get; private set; }
    public GrantState State { get; private set; }
    public DateTimeOffset AwardedAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }
    public string? CancelledBy { get; private set; }
    public string? CancellationMotivation { get; private set; }

    public IReadOnlyList<Instalment> Instalments => _instalments;
    public IReadOnlyList<LedgerEntry> Ledger => _ledger;

    public Contact Contact => new(OrganisationName, ContactName, ContactEmail);

    /// <summary>What the grant still holds of the envelope: every instalment that was not cancelled.</summary>
    public decimal Committed => _instalments.Where(i => i.State != InstalmentState.Cancelled).Sum(i => i.Amount);

    public decimal Paid => _instalments.Where(i => i.State == InstalmentState.Paid).Sum(i => i.Amount);

    /// <summary>Not cancelled: it still holds its money, its place in the targets and its place's label.</summary>
    public bool IsHeld => State != GrantState.Cancelled;

    /// <summary>Once an instalment is paid, undoing the decision no longer cancels the grant: that is an operator's call.</summary>
    public bool HasPaidInstalment => _instalments.Any(i => i.State == InstalmentState.Paid);

    /// <summary>What a cancellation gave back to the envelope: the instalments it cancelled.</summary>
    public decimal ReturnedToEnvelope => _instalments.Where(i => i.State == InstalmentState.Cancelled).Sum(i => i.Amount);

    public IReadOnlyList<InstalmentPlan> Plan => _instalments.Select(i => new InstalmentPlan(i.Year, i.Amount, i.DueOn)).ToList();

    /// <summary>
    /// Awards a grant on <paramref name="terms"/>, which the caller has checked with <see cref="Programme.RefusalsOf"/>,
    /// and reserves its total on the envelope in the name of <paramref name="awardedBy"/>. <paramref name="acceptance"/>
    /// is the candidature's step that accepted it.
    /// </summary>
    public static Grant Award(
        Beneficiary beneficiary, GrantTerms terms, Programme programme, string awardedBy, DateTimeOffset now, int acceptance = 0)
    {
        var bonus = terms.Digital ? programme.DigitalBonus : 0m;
        var grant = new Grant
        {
            Id = Guid.CreateVersion7(now),
            Origin = GrantOrigin.Candidature,
            CandidatureId = beneficiary.CandidatureId,
            Acceptance = acceptance,
            PlaceId = beneficiary.PlaceId,
            OwnerId = beneficiary.OwnerId,
            OrganisationName = beneficiary.Contact.OrganisationName,
            ContactName = beneficiary.Contact.Name,
            ContactEmail = beneficiary.Contact.Email,
            ProjectTitle = beneficiary.ProjectTitle,
            Territory = terms.Territory,
            QpvCode = beneficiary.QpvCode,
            Digital = terms.Digital,
            DepartmentCode = beneficiary.DepartmentCode,
            AmountPerYear = terms.AmountPerYear,
            DurationYears = terms.DurationYears,
            DigitalBonus = bonus,
            Total = programme.CostOf(terms),
            State = GrantState.Active,
            AwardedAt = now,
        };
        var plan = InstalmentSchedule.Plan(terms.AmountPerYear, terms.DurationYears, bonus, DateOnly.FromDateTime(now.UtcDateTime));
        grant._instalments.AddRange(plan.Select(p => Instalment.Planned(grant.Id, p.Year, p.Amount, p.DueOn)));
        grant._ledger.Add(LedgerEntry.Record(grant.Id, LedgerEntryKind.Awarded, grant.Total, null, awardedBy, now));
        return grant;
    }

    /// <summary>
    /// Records a grant awarded before the platform, in the name of <paramref name="importedBy"/>: its total reserved on
    /// the envelope, its first <see cref="HistoricalGrant.PaidInstalments"/> instalments paid on their due dates (so the
    /// ledger holds them as paid), the rest planned.
    /// </summary>
    public static Grant Import(HistoricalGrant history, Programme programme, string importedBy, DateTimeOffset now)
    {
        var awardedAt = new DateTimeOffset(history.AwardedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var grant = Award(history.Beneficiary with { CandidatureId = history.DecisionId }, history.Terms, programme, importedBy, awardedAt);
        grant.Origin = GrantOrigin.Import;
        foreach (var instalment in grant._instalments.OrderBy(i => i.Year).Take(history.PaidInstalments))
        {
            instalment.Commit(importedBy, now);
            grant.Pay(instalment.Year, instalment.DueOn, ImportedPaymentReference, importedBy, now);
        }
        return grant;
    }

    /// <summary>The payment reference of an instalment paid before the platform (the import does not know the mandate).</summary>
    public const string ImportedPaymentReference = "import";

    /// <summary>Whether this imported grant records <paramref name="history"/> as it is (re-importing a line changes nothing).</summary>
    public bool Records(HistoricalGrant history) =>
        Origin == GrantOrigin.Import && PlaceId == history.Beneficiary.PlaceId && Territory == history.Terms.Territory
        && QpvCode == history.Beneficiary.QpvCode && Digital == history.Terms.Digital && AmountPerYear == history.Terms.AmountPerYear
        && DurationYears == history.Terms.DurationYears && DateOnly.FromDateTime(AwardedAt.UtcDateTime) == history.AwardedOn
        && _instalments.Count(i => i.State == InstalmentState.Paid) == history.PaidInstalments;

    public Instalment? FindInstalment(int year) => _instalments.FirstOrDefault(i => i.Year == year);

    /// <summary>Refuses a year the grant has no instalment for; null when it has one.</summary>
    public Refusal? RefuseUnknownInstalment(int year) => FindInstalment(year) is null
        ? new Refusal(GrantRefusals.InstalmentNotFound,
            $"La subvention {Id} a {DurationYears} échéances, numérotées de 1 à {DurationYears} : il n'y a pas d'échéance {year}.")
        : null;

    /// <summary>The refusal when no grant <paramref name="id"/> is within the caller's reach.</summary>
    public static Refusal NotFound(Guid id) =>
        new(GrantRefusals.GrantNotFound, $"Aucune subvention accessible n'a l'identifiant {id}.");

    /// <summary>Planned → committed, in year order.</summary>
    public Refusal? Commit(int year, string by, DateTimeOffset at)
    {
        var instalment = InstalmentOf(year);
        var refusal = RefuseWhenClosed("engagée")
            ?? (instalment.State != InstalmentState.Planned
                ? new Refusal(GrantRefusals.InstalmentAlreadyCommitted,
                    $"L'échéance {year} est {Describe(instalment)} : seule une échéance prévue peut être engagée.")
                : null)
            ?? (Previous(year) is { State: InstalmentState.Planned }
                ? new Refusal(GrantRefusals.PreviousInstalmentNotCommitted,
                    $"Engagez d'abord l'échéance {year - 1} : les échéances s'engagent dans l'ordre des années.")
                : null);
        if (refusal is null)
        {
            instalment.Commit(by, at);
        }
        return refusal;
    }

    /// <summary>Committed → paid, in year order; never twice.</summary>
    public Refusal? Pay(int year, DateOnly paidOn, string reference, string by, DateTimeOffset at)
    {
        var instalment = InstalmentOf(year);
        var refusal = (instalment.State == InstalmentState.Paid
                ? new Refusal(GrantRefusals.InstalmentAlreadyPaid,
                    $"L'échéance {year} a déjà été payée le {instalment.PaidOn:dd/MM/yyyy} (référence {instalment.PaymentReference}) : "
                    + "un second paiement est refusé.")
                : null)
            ?? RefuseWhenClosed("payée")
            ?? (instalment.State != InstalmentState.Committed
                ? new Refusal(GrantRefusals.InstalmentNotCommitted,
                    $"L'échéance {year} est {Describe(instalment)} : engagez-la avant de la payer.")
                : null)
            ?? (Previous(year) is { State: not InstalmentState.Paid }
                ? new Refusal(GrantRefusals.PreviousInstalmentNotPaid,
                    $"Payez d'abord l'échéance {year - 1} : les échéances se paient dans l'ordre des années.")
                : null);
        if (refusal is not null)
        {
            return refusal;
        }

        instalment.Pay(paidOn, reference, by, at);
        _ledger.Add(LedgerEntry.Record(Id, LedgerEntryKind.Paid, instalment.Amount, year, by, at));
        if (_instalments.All(i => i.State == InstalmentState.Paid))
        {
            State = GrantState.Completed;
        }
        return null;
    }

    /// <summary>Cancels the unpaid instalments and gives their money back to the envelope; what was paid stays paid.</summary>
    public Refusal? Cancel(string motivation, string by, DateTimeOffset at)
    {
        if (RefuseWhenClosed("annulée") is { } refusal)
        {
            return refusal;
        }

        var returned = _instalments.Where(i => i.IsUnpaid).Sum(i => i.Amount);
        foreach (var instalment in _instalments.Where(i => i.IsUnpaid))
        {
            instalment.Cancel();
        }
        _ledger.Add(LedgerEntry.Record(Id, LedgerEntryKind.Released, returned, null, by, at));
        State = GrantState.Cancelled;
        CancelledAt = at;
        CancelledBy = by;
        CancellationMotivation = motivation;
        return null;
    }

    private Refusal? RefuseWhenClosed(string what) => State switch
    {
        GrantState.Cancelled => new Refusal(GrantRefusals.GrantCancelled,
            $"La subvention a été annulée le {CancelledAt:dd/MM/yyyy} : plus rien ne peut y être {what}."),
        GrantState.Completed => new Refusal(GrantRefusals.GrantCompleted,
            $"Toutes les échéances de la subvention sont payées : plus rien ne peut y être {what}."),
        _ => null,
    };

    private Instalment InstalmentOf(int year) =>
        FindInstalment(year) ?? throw new ArgumentOutOfRangeException(nameof(year), year, "The grant has no instalment for this year.");

    private Instalment? Previous(int year) => FindInstalment(year - 1);

    private static string Describe(Instalment instalment) => instalment.State switch
    {
        InstalmentState.Planned => "seulement prévue",
        InstalmentState.Committed => "déjà engagée",
        InstalmentState.Paid => "déjà payée",
        _ => "annulée",
    };
}

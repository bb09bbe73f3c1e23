namespace Fabriques.Candidature.Domain;

/// <summary>Where a grant stands, as a candidature shows it (JSON and database: kebab-case).</summary>
public enum GrantStandingState
{
    Active,
    Cancelled,
}

/// <summary>
/// A grant of the programme as this service knows it, from the grants service's events (<c>GrantAwarded</c>,
/// <c>GrantCancelled</c>, <c>InstalmentPaid</c>): which candidature and place it funds, whether it still holds, whether
/// money was paid. The events may come in any order: each one only adds what it knows (a cancellation is final).
/// </summary>
public sealed class KnownGrant
{
    private KnownGrant() { }

    public Guid Id { get; private set; }
    /// <summary>Null for a grant imported from the programme's history, which no candidature of the platform awarded.</summary>
    public Guid? CandidatureId { get; private set; }
    public Guid PlaceId { get; private set; }
    /// <summary>The candidature's history step that accepted it: of two grants of one candidature, the later acceptance's counts.</summary>
    public int Acceptance { get; private set; }
    public GrantStandingState State { get; private set; }
    public bool InstalmentPaid { get; private set; }

    public static KnownGrant Learn(Guid id, Guid? candidatureId, Guid placeId, int acceptance) => new()
    {
        Id = id, CandidatureId = candidatureId, PlaceId = placeId, Acceptance = acceptance, State = GrantStandingState.Active,
    };

    public void Cancel() => State = GrantStandingState.Cancelled;

    public void RecordPayment() => InstalmentPaid = true;

    /// <summary>Money was paid on a grant that still holds: the decision that awarded it is final, unless a gestionnaire cancels the grant.</summary>
    public bool MakesDecisionFinal => State == GrantStandingState.Active && InstalmentPaid;

    /// <summary>
    /// The grant that tells a candidature's funding: the one of its latest acceptance (a cancelled one first among
    /// grants of one acceptance, which only grants from before acceptances were numbered can be).
    /// </summary>
    public static KnownGrant? CurrentOf(IEnumerable<KnownGrant> grantsOfOneCandidature) =>
        grantsOfOneCandidature.OrderByDescending(g => g.Acceptance).ThenByDescending(g => g.State).FirstOrDefault();
}

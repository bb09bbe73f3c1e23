namespace Fabriques.Grants.Domain;

/// <summary>Where a candidature stands, as far as its funding is concerned.</summary>
public enum StandingState
{
    /// <summary>Not decided (under review again after a reopening, or returned).</summary>
    Undecided,
    Accepted,
    Rejected,
    Dismissed,
    Withdrawn,
}

/// <summary>
/// What the grants service knows of a candidature, learnt from the candidature service's events (services never ask
/// each other): its latest step, so that a grant is held only while the acceptance it funds is the candidature's
/// latest word. Events arriving late (an older <see cref="Sequence"/>) never move it back.
/// </summary>
public sealed class CandidatureStanding
{
    private CandidatureStanding() { }

    public Guid CandidatureId { get; private set; }
    public Guid PlaceId { get; private set; }
    public StandingState State { get; private set; }
    /// <summary>The candidature's history step this standing comes from; 0 for grants awarded before steps were numbered.</summary>
    public int Sequence { get; private set; }
    /// <summary>The acceptance whose award was refused (envelope, target or place already funded): the candidature goes back under review.</summary>
    public int? RefusedAcceptance { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static CandidatureStanding Learn(Guid candidatureId, Guid placeId, StandingState state, int sequence, DateTimeOffset at) => new()
    {
        CandidatureId = candidatureId, PlaceId = placeId, State = state, Sequence = sequence, UpdatedAt = at,
    };

    /// <summary>
    /// Moves to <paramref name="state"/> unless a later step is already known; false when the step is older than what
    /// is known. A step without a sequence (0: an older publisher) is taken as the latest.
    /// </summary>
    public bool Move(StandingState state, int sequence, DateTimeOffset at)
    {
        if (sequence != 0 && sequence < Sequence)
        {
            return false;
        }
        (State, Sequence, UpdatedAt) = (state, sequence, at);
        return true;
    }

    /// <summary>The candidature's latest word is the acceptance <paramref name="grant"/> was awarded for.</summary>
    public bool Funds(Grant grant) => State == StandingState.Accepted && grant.Acceptance == Sequence;

    /// <summary>The latest acceptance was refused funding: the candidature is (or soon is) back under review.</summary>
    public bool AwaitsRefusal => State == StandingState.Accepted && RefusedAcceptance == Sequence;

    public void RecordRefusal() => RefusedAcceptance = Sequence;
}

/// <summary>A label the directory gave a place for a grant, learnt from <c>PlaceLabelled</c>.</summary>
public sealed class PlaceLabelView
{
    private PlaceLabelView() { }

    public Guid PlaceId { get; private set; }
    public Guid GrantId { get; private set; }
    public string Label { get; private set; } = "";
    /// <summary>False once the directory removed it.</summary>
    public bool Held { get; private set; }
    /// <summary>When the directory last changed it: an older change arriving late is ignored.</summary>
    public DateTimeOffset ChangedAt { get; private set; }

    public static PlaceLabelView Learn(Guid placeId, Guid grantId, string label, bool held, DateTimeOffset at) => new()
    {
        PlaceId = placeId, GrantId = grantId, Label = label, Held = held, ChangedAt = at,
    };

    public void Change(bool held, DateTimeOffset at)
    {
        if (at >= ChangedAt)
        {
            (Held, ChangedAt) = (held, at);
        }
    }
}

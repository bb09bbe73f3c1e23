using System.Collections.Frozen;
using static Fabriques.Candidature.Domain.CandidatureState;

namespace Fabriques.Candidature.Domain;

/// <summary>What can happen to a candidature.</summary>
public enum CandidatureAction
{
    Submit,
    Review,
    Return,
    Accept,
    Reject,
    Dismiss,
    Reopen,
    Withdraw,
    /// <summary>The grants service could not fund an accepted candidature: it goes back under review.</summary>
    RefuseGrant,
}

/// <summary>The transitions of the contract, and nothing else.</summary>
public static class Lifecycle
{
    /// <summary>States in which the owner may still change the candidature.</summary>
    public static readonly IReadOnlyList<CandidatureState> Editable = [Draft, Returned];

    /// <summary>States in which an instructeur may be put in charge: once submitted, until withdrawn.</summary>
    public static readonly IReadOnlyList<CandidatureState> Assignable = [Submitted, Returned, UnderReview, Accepted, Rejected, Dismissed];

    /// <summary>States in which instructeurs give their opinions: while it is being examined, before the decision.</summary>
    public static readonly IReadOnlyList<CandidatureState> OpenToOpinions = [Submitted, Returned, UnderReview];

    /// <summary>States that hold the place's slot in a wave: one such candidature per place and wave.</summary>
    public static readonly IReadOnlyList<CandidatureState> Active = [Submitted, Returned, UnderReview, Accepted];

    private static readonly FrozenDictionary<CandidatureAction, Transition> Transitions = new Dictionary<CandidatureAction, Transition>
    {
        [CandidatureAction.Submit] = new([Draft, Returned], Submitted),
        [CandidatureAction.Review] = new([Submitted], UnderReview),
        [CandidatureAction.Return] = new([UnderReview], Returned),
        [CandidatureAction.Accept] = new([UnderReview], Accepted),
        [CandidatureAction.Reject] = new([UnderReview], Rejected),
        [CandidatureAction.Dismiss] = new([UnderReview], Dismissed),
        [CandidatureAction.Reopen] = new([Accepted, Rejected, Dismissed], UnderReview),
        [CandidatureAction.Withdraw] = new([Draft, Submitted, Returned, UnderReview], Withdrawn),
        [CandidatureAction.RefuseGrant] = new([Accepted], UnderReview),
    }.ToFrozenDictionary();

    /// <summary>The states <paramref name="action"/> may start from.</summary>
    public static IReadOnlyList<CandidatureState> AllowedFrom(CandidatureAction action) => Transitions[action].From;

    public static bool Allows(CandidatureState state, CandidatureAction action) => Transitions[action].From.Contains(state);

    public static CandidatureState Target(CandidatureAction action) => Transitions[action].To;

    /// <summary>Asking for corrections, refusing, dismissing and reopening must be explained to the porteur.</summary>
    public static bool RequiresMotivation(CandidatureAction action) =>
        action is CandidatureAction.Return or CandidatureAction.Reject or CandidatureAction.Dismiss
            or CandidatureAction.Reopen or CandidatureAction.RefuseGrant;

    /// <summary>
    /// The instruction's actions (examining, returning, deciding, reopening): never by the candidature's owner, even
    /// one whose token also carries the instructeur role (separation of duties).
    /// </summary>
    public static bool IsInstruction(CandidatureAction action) =>
        action is CandidatureAction.Review or CandidatureAction.Return or CandidatureAction.Accept or CandidatureAction.Reject
            or CandidatureAction.Dismiss or CandidatureAction.Reopen;

    private sealed record Transition(IReadOnlyList<CandidatureState> From, CandidatureState To);
}

namespace Fabriques.Candidature.Domain;

/// <summary>Where a candidature stands (JSON and database: kebab-case, e.g. <c>under-review</c>).</summary>
public enum CandidatureState
{
    Draft,
    Submitted,
    Returned,
    UnderReview,
    Accepted,
    Rejected,
    Dismissed,
    Withdrawn,
}

/// <summary>The states of Démarches Simplifiées, where the programme's dossiers are followed.</summary>
public static class DsState
{
    public const string Brouillon = "brouillon";
    public const string EnConstruction = "en_construction";
    public const string EnInstruction = "en_instruction";
    public const string Accepte = "accepte";
    public const string Refuse = "refuse";
    public const string SansSuite = "sans_suite";

    public static string Of(CandidatureState state) => state switch
    {
        CandidatureState.Draft => Brouillon,
        CandidatureState.Submitted or CandidatureState.Returned => EnConstruction,
        CandidatureState.UnderReview => EnInstruction,
        CandidatureState.Accepted => Accepte,
        CandidatureState.Rejected => Refuse,
        CandidatureState.Dismissed or CandidatureState.Withdrawn => SansSuite,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}

namespace Fabriques.Candidature.Features;

/// <summary>Stable problem type URIs of the candidature service's business rules.</summary>
public static class CandidatureProblemTypes
{
    private const string Base = "https://fabriques.anct.gouv.fr/problems/candidature/";

    /// <summary>409: the action is not possible from the candidature's current state (the answer names both).</summary>
    public const string InvalidTransition = Base + "invalid-transition";

    /// <summary>409: no wave is open to receive a submission.</summary>
    public const string NoOpenWave = Base + "no-open-wave";

    /// <summary>409: the place already has an active candidature in that wave.</summary>
    public const string PlaceAlreadyCandidate = Base + "place-already-candidate";

    /// <summary>409: the wave already has its maximum number of laureates.</summary>
    public const string WaveFull = Base + "wave-full";

    /// <summary>409: the new wave's period overlaps another wave.</summary>
    public const string WaveOverlap = Base + "wave-overlap";

    /// <summary>409: the decision cannot be reopened, an instalment of its grant has been paid.</summary>
    public const string GrantPaid = Base + "grant-paid";

    /// <summary>409: someone else changed the candidature at the same moment; read it again and retry.</summary>
    public const string ConcurrentChange = Base + "concurrent-change";

    /// <summary>403: the caller owns the candidature, and nobody instructs or decides their own (separation of duties).</summary>
    public const string OwnCandidature = Base + "own-candidature";

    /// <summary>422: the candidature does not meet the rules of the call (every failed rule is listed).</summary>
    public const string Ineligible = Base + "ineligible";

    /// <summary>403: an instructeur may put only themself in charge of a candidature; a gestionnaire assigns anyone.</summary>
    public const string AssignmentForbidden = Base + "assignment-forbidden";

    /// <summary>413: a document weighs more than the 10 MB allowed.</summary>
    public const string DocumentTooLarge = Base + "document-too-large";

    /// <summary>415: a document is not a PDF, PNG or JPEG file, judged by its content.</summary>
    public const string UnsupportedDocumentType = Base + "unsupported-document-type";

    /// <summary>422: the wave requires kinds of document the candidature does not carry yet (listed).</summary>
    public const string MissingDocuments = Base + "missing-documents";
}

using System.Text.Json;
using Fabriques.Contracts;

namespace Fabriques.Candidature.Domain;

/// <summary>
/// Why the candidature domain refuses an action: codes (<c>Features/Problems</c> maps each to its problem type) and the
/// French messages a porteur or an instructeur can act on.
/// </summary>
public static class CandidatureRefusals
{
    public const string NotFound = "candidature-not-found";
    public const string OwnCandidature = "own-candidature";
    public const string InvalidTransition = "invalid-transition";
    public const string GrantPaid = "grant-paid";
    public const string NoOpenWave = "no-open-wave";
    public const string WaveNotFound = "wave-not-found";
    public const string WaveFull = "wave-full";
    public const string WaveOverlap = "wave-overlap";
    public const string PlaceAlreadyCandidate = "place-already-candidate";
    public const string ConcurrentChange = "concurrent-change";
    public const string Stale = "stale";
    public const string Ineligible = "ineligible";
    public const string MissingDocuments = "missing-documents";
    public const string DocumentNotFound = "document-not-found";
    public const string AssignmentForbidden = "assignment-forbidden";

    private static readonly Dictionary<CandidatureAction, string> Verbs = new()
    {
        [CandidatureAction.Submit] = "déposer",
        [CandidatureAction.Review] = "mettre en instruction",
        [CandidatureAction.Return] = "renvoyer pour corrections",
        [CandidatureAction.Accept] = "accepter",
        [CandidatureAction.Reject] = "refuser",
        [CandidatureAction.Dismiss] = "classer sans suite",
        [CandidatureAction.Reopen] = "rouvrir",
        [CandidatureAction.Withdraw] = "retirer",
    };

    /// <summary>Unknown, or someone else's: the answer is the same, so it reveals nothing.</summary>
    public static Refusal CandidatureNotFound(Guid id) => new(NotFound, $"Aucune candidature accessible n'a l'identifiant {id}.");

    /// <summary>Separation of duties: the candidature's owner never examines nor decides it.</summary>
    public static Refusal Owned(CandidatureAction action) => new(OwnCandidature,
        $"Vous ne pouvez pas {Verbs[action]} une candidature que vous portez : un autre instructeur doit s'en charger.");

    public static Refusal WrongState(CandidatureState current, CandidatureAction action) =>
        WrongState(current, Lifecycle.AllowedFrom(action), Verbs[action]);

    /// <summary>Names the current state and the states in which <paramref name="verb"/> is possible.</summary>
    public static Refusal WrongState(CandidatureState current, IReadOnlyList<CandidatureState> allowed, string verb)
    {
        var names = allowed.Select(Name).ToList();
        var list = string.Join(" ou ", names.Select(n => $"« {n} »"));
        return new Refusal(InvalidTransition,
            $"Impossible de {verb} cette candidature : elle est à l'état « {Name(current)} », "
            + $"et cette action n'est possible qu'à l'état {list}.")
        {
            Facts = new Dictionary<string, object?> { ["currentState"] = Name(current), ["allowedStates"] = names },
        };
    }

    public static Refusal NoWaveAhead() => new(NoOpenWave,
        "Aucune vague de l'appel à manifestation d'intérêt n'est ouverte ni programmée : la candidature reste en brouillon, déposez-la quand une vague sera annoncée (GET /api/candidatures/waves).");

    public static Refusal UnknownWave(Guid id) => new(WaveNotFound, $"Aucune vague n'a l'identifiant {id}.");

    public static Refusal Overlapping(IReadOnlyList<string> overlapping) => new(WaveOverlap,
        $"Cette période chevauche la vague {string.Join(", ", overlapping.Select(n => $"« {n} »"))} : "
        + "choisissez une ouverture après la date limite de la vague précédente et une date limite avant l'ouverture de la suivante.");

    public static Refusal PlaceTaken() => new(PlaceAlreadyCandidate,
        "Ce lieu a déjà une candidature en cours dans cette vague : poursuivez celle-ci, ou retirez-la avant d'en déposer une autre.");

    public static Refusal Full(Wave wave) => new(WaveFull,
        $"La vague « {wave.Name} » a déjà ses {wave.MaxLaureates} lauréats : cette candidature ne peut pas être acceptée dans cette vague.");

    public static Refusal InstalmentPaid() => new(GrantPaid,
        "Une échéance de la subvention de cette candidature a déjà été versée : la décision ne peut plus être rouverte. Annulez d'abord la subvention auprès du gestionnaire.");

    public static Refusal ChangedMeanwhile() => new(ConcurrentChange,
        "Quelqu'un a modifié cette candidature au même moment : relisez-la puis recommencez si l'action a encore lieu d'être.");

    /// <summary>The candidature changed between the caller's read and this write.</summary>
    public static Refusal ChangedSinceRead() => new(Stale,
        "La candidature a été modifiée pendant votre enregistrement : relisez-la (GET), reportez vos changements, renvoyez le nouvel ETag.");

    public static Refusal NotEligible(IReadOnlyList<EligibilityFailure> failures) => new(Ineligible,
        "La candidature ne respecte pas les règles de l'appel : corrigez chaque point listé dans « errors » puis déposez-la de nouveau.")
    {
        Facts = new Dictionary<string, object?>
        {
            ["errors"] = failures.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray()),
        },
    };

    public static Refusal DocumentsMissing(IReadOnlyList<DocumentKind> missing) => new(MissingDocuments,
        $"Cette vague demande des pièces que la candidature n'a pas encore : {string.Join(", ", missing.Select(k => $"« {Name(k)} »"))}. "
        + "Ajoutez-les (POST /api/candidatures/{id}/documents) puis déposez de nouveau.")
    {
        Facts = new Dictionary<string, object?> { ["missingDocuments"] = missing.Select(Name).ToArray() },
    };

    public static Refusal UnknownDocument(Guid id) => new(DocumentNotFound, $"Cette candidature n'a pas de document d'identifiant {id}.");

    public static Refusal AssignsOnlyThemself() => new(AssignmentForbidden,
        "Un instructeur ne peut s'attribuer une candidature qu'à lui-même : demandez à un gestionnaire de l'attribuer à un autre instructeur.");

    /// <summary>A value as the contract names it (<c>under-review</c>).</summary>
    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}

using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.ServiceDefaults.Errors;

namespace Fabriques.Candidature.Features;

/// <summary>The candidature service's refusals, as problem details with a French detail a person can act on.</summary>
public static class Problems
{
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
    public static IResult CandidatureNotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "Candidature introuvable",
        detail: $"Aucune candidature accessible n'a l'identifiant {id}.");

    public static IResult OwnCandidature(CandidatureAction action) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden, type: CandidatureProblemTypes.OwnCandidature, title: "Candidature dont vous êtes le porteur",
        detail: $"Vous ne pouvez pas {Verbs[action]} une candidature que vous portez : un autre instructeur doit s'en charger.");

    public static IResult WaveNotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "Vague introuvable",
        detail: $"Aucune vague n'a l'identifiant {id}.");

    public static IResult InvalidTransition(CandidatureState current, CandidatureAction action) =>
        InvalidState(current, Lifecycle.AllowedFrom(action), Verbs[action]);

    /// <summary>409 naming the current state and the states in which <paramref name="verb"/> is possible.</summary>
    public static IResult InvalidState(CandidatureState current, IReadOnlyList<CandidatureState> allowed, string verb)
    {
        var names = allowed.Select(KebabCase<CandidatureState>.Name).ToList();
        var list = string.Join(" ou ", names.Select(n => $"« {n} »"));
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict, type: CandidatureProblemTypes.InvalidTransition,
            title: "Action impossible dans l'état actuel",
            detail: $"Impossible de {verb} cette candidature : elle est à l'état « {KebabCase<CandidatureState>.Name(current)} », "
                    + $"et cette action n'est possible qu'à l'état {list}.",
            extensions: new Dictionary<string, object?> { ["currentState"] = KebabCase<CandidatureState>.Name(current), ["allowedStates"] = names });
    }

    public static IResult NoOpenWave() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, type: CandidatureProblemTypes.NoOpenWave, title: "Aucune vague ouverte ni programmée",
        detail: "Aucune vague de l'appel à manifestation d'intérêt n'est ouverte ni programmée : la candidature reste en brouillon, déposez-la quand une vague sera annoncée (GET /api/candidatures/waves).");

    public static IResult WaveOverlap(IReadOnlyList<string> overlapping) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, type: CandidatureProblemTypes.WaveOverlap, title: "Les vagues se chevauchent",
        detail: $"Cette période chevauche la vague {string.Join(", ", overlapping.Select(n => $"« {n} »"))} : "
                + "choisissez une ouverture après la date limite de la vague précédente et une date limite avant l'ouverture de la suivante.");

    public static IResult PlaceAlreadyCandidate() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, type: CandidatureProblemTypes.PlaceAlreadyCandidate,
        title: "Ce lieu a déjà une candidature dans cette vague",
        detail: "Ce lieu a déjà une candidature en cours dans cette vague : poursuivez celle-ci, ou retirez-la avant d'en déposer une autre.");

    public static IResult WaveFull(Wave wave) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, type: CandidatureProblemTypes.WaveFull, title: "Nombre maximal de lauréats atteint",
        detail: $"La vague « {wave.Name} » a déjà ses {wave.MaxLaureates} lauréats : cette candidature ne peut pas être acceptée dans cette vague.");

    public static IResult GrantPaid() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, type: CandidatureProblemTypes.GrantPaid, title: "Décision définitive",
        detail: "Une échéance de la subvention de cette candidature a déjà été versée : la décision ne peut plus être rouverte. Annulez d'abord la subvention auprès du gestionnaire.");

    public static IResult ConcurrentChange() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, type: CandidatureProblemTypes.ConcurrentChange, title: "Modification concurrente",
        detail: "Quelqu'un a modifié cette candidature au même moment : relisez-la puis recommencez si l'action a encore lieu d'être.");

    /// <summary>412: the candidature changed between the caller's read and this write.</summary>
    public static IResult Stale() => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed, type: ProblemTypes.PreconditionFailed, title: "La ressource a changé",
        detail: "La candidature a été modifiée pendant votre enregistrement : relisez-la (GET), reportez vos changements, renvoyez le nouvel ETag.");

    public static IResult Ineligible(IReadOnlyList<EligibilityFailure> failures) => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity, type: CandidatureProblemTypes.Ineligible,
        title: "Candidature non éligible",
        detail: "La candidature ne respecte pas les règles de l'appel : corrigez chaque point listé dans « errors » puis déposez-la de nouveau.",
        extensions: new Dictionary<string, object?>
        {
            ["errors"] = failures.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray()),
        });

    /// <summary>422 naming <c>applicant.contactEmail</c>: it is not the address the caller's token proves.</summary>
    public static IResult UnprovenContactEmail(string message) => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity, type: CandidatureProblemTypes.UnprovenContactEmail,
        title: "Adresse de contact non vérifiée",
        detail: "L'adresse de contact doit être celle de votre compte, vérifiée par votre fournisseur d'identité : corrigez le champ listé dans « errors ».",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["applicant.contactEmail"] = [message] } });

    public static IResult AssignmentForbidden() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden, type: CandidatureProblemTypes.AssignmentForbidden, title: "Attribution réservée",
        detail: "Un instructeur ne peut s'attribuer une candidature qu'à lui-même : demandez à un gestionnaire de l'attribuer à un autre instructeur.");

    public static IResult DocumentTooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, type: CandidatureProblemTypes.DocumentTooLarge, title: "Document trop volumineux",
        detail: $"Un document pèse au plus {DocumentFormat.MaxBytes / (1024 * 1024)} Mo : réduisez-le (PDF compressé, image moins définie) puis envoyez-le de nouveau.");

    public static IResult UnsupportedDocumentType() => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType, type: CandidatureProblemTypes.UnsupportedDocumentType,
        title: "Format de document non accepté",
        detail: "Le contenu du fichier n'est ni un PDF, ni une image PNG ou JPEG (l'extension du nom ne compte pas) : enregistrez-le dans l'un de ces formats.");

    public static IResult NotMultipart() => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType, type: CandidatureProblemTypes.UnsupportedDocumentType,
        title: "Envoi de formulaire attendu",
        detail: "Envoyez le document en multipart/form-data, avec le fichier dans le champ « file » et sa nature dans le champ « kind ».");

    public static IResult DocumentNotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "Document introuvable",
        detail: $"Cette candidature n'a pas de document d'identifiant {id}.");

    public static IResult MissingDocuments(IReadOnlyList<DocumentKind> missing) => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity, type: CandidatureProblemTypes.MissingDocuments,
        title: "Pièces justificatives manquantes",
        detail: $"Cette vague demande des pièces que la candidature n'a pas encore : {string.Join(", ", missing.Select(k => $"« {KebabCase<DocumentKind>.Name(k)} »"))}. "
                + "Ajoutez-les (POST /api/candidatures/{id}/documents) puis déposez de nouveau.",
        extensions: new Dictionary<string, object?> { ["missingDocuments"] = missing.Select(KebabCase<DocumentKind>.Name).ToArray() });
}

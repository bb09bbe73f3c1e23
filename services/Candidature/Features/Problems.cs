using Fabriques.Candidature.Domain;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;

namespace Fabriques.Candidature.Features;

/// <summary>
/// The candidature service's answers: its domain's refusals as its problem types, and the problems of a request's
/// format (a document too large or of the wrong kind), all with a French detail a person can act on.
/// </summary>
public static class Problems
{
    public static readonly RefusalProblems Refusals = new(new Dictionary<string, ProblemKind>
    {
        [CandidatureRefusals.NotFound] = new(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Candidature introuvable"),
        [CandidatureRefusals.OwnCandidature] =
            new(StatusCodes.Status403Forbidden, CandidatureProblemTypes.OwnCandidature, "Candidature dont vous êtes le porteur"),
        [CandidatureRefusals.InvalidTransition] =
            new(StatusCodes.Status409Conflict, CandidatureProblemTypes.InvalidTransition, "Action impossible dans l'état actuel"),
        [CandidatureRefusals.GrantPaid] = new(StatusCodes.Status409Conflict, CandidatureProblemTypes.GrantPaid, "Décision définitive"),
        [CandidatureRefusals.NoOpenWave] =
            new(StatusCodes.Status409Conflict, CandidatureProblemTypes.NoOpenWave, "Aucune vague ouverte ni programmée"),
        [CandidatureRefusals.WaveNotFound] = new(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Vague introuvable"),
        [CandidatureRefusals.WaveFull] = new(StatusCodes.Status409Conflict, CandidatureProblemTypes.WaveFull, "Nombre maximal de lauréats atteint"),
        [CandidatureRefusals.WaveOverlap] = new(StatusCodes.Status409Conflict, CandidatureProblemTypes.WaveOverlap, "Les vagues se chevauchent"),
        [CandidatureRefusals.PlaceAlreadyCandidate] = new(StatusCodes.Status409Conflict, CandidatureProblemTypes.PlaceAlreadyCandidate,
            "Ce lieu a déjà une candidature dans cette vague"),
        [CandidatureRefusals.ConcurrentChange] =
            new(StatusCodes.Status409Conflict, CandidatureProblemTypes.ConcurrentChange, "Modification concurrente"),
        [CandidatureRefusals.Stale] = new(StatusCodes.Status412PreconditionFailed, ProblemTypes.PreconditionFailed, "La ressource a changé"),
        [CandidatureRefusals.Ineligible] =
            new(StatusCodes.Status422UnprocessableEntity, CandidatureProblemTypes.Ineligible, "Candidature non éligible"),
        [CandidatureRefusals.MissingDocuments] =
            new(StatusCodes.Status422UnprocessableEntity, CandidatureProblemTypes.MissingDocuments, "Pièces justificatives manquantes"),
        [CandidatureRefusals.DocumentNotFound] = new(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Document introuvable"),
        [CandidatureRefusals.AssignmentForbidden] =
            new(StatusCodes.Status403Forbidden, CandidatureProblemTypes.AssignmentForbidden, "Attribution réservée"),
    });

    /// <summary>Unknown, or someone else's: the answer is the same, so it reveals nothing.</summary>
    public static IResult CandidatureNotFound(Guid id) => Refusals.ToProblem(CandidatureRefusals.CandidatureNotFound(id));

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
}

using Fabriques.ServiceDefaults.Errors;

namespace Fabriques.Directory.Features;

/// <summary>The refusals that several use cases share.</summary>
public static class PlaceProblems
{
    /// <summary>Also the answer for a place the caller may not touch: its existence is not revealed.</summary>
    public static IResult NotFound(Guid id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Lieu introuvable", detail: $"Aucun lieu n'a l'identifiant {id}.", type: ProblemTypes.NotFound);

    public static IResult Archived(Guid id) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "Lieu archivé",
        detail: $"Le lieu {id} est archivé : il reste consultable mais ne peut plus être modifié. Un gestionnaire peut le réenregistrer s'il rouvre.",
        type: DirectoryProblemTypes.PlaceArchived);
}

using Fabriques.Grants.Domain;
using Fabriques.ServiceDefaults.Errors;

namespace Fabriques.Grants.Features;

/// <summary>The problem answers the grant endpoints share.</summary>
internal static class GrantProblems
{
    public static IResult GrantNotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "Subvention introuvable",
        detail: $"Aucune subvention accessible n'a l'identifiant {id}.");

    public static IResult InstalmentNotFound(Grant grant, int year) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "Échéance introuvable",
        detail: $"La subvention {grant.Id} a {grant.DurationYears} échéances, numérotées de 1 à {grant.DurationYears} : il n'y a pas d'échéance {year}.");

    public static IResult Conflict(Refusal refusal) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, type: refusal.Type, title: refusal.Title, detail: refusal.Detail);

    /// <summary>What every grant command may answer besides its success.</summary>
    public static RouteHandlerBuilder ProducesGrantCommandProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}

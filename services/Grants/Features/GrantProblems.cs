using Fabriques.Contracts;
using Fabriques.Grants.Data;
using Fabriques.Grants.Domain;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;

namespace Fabriques.Grants.Features;

/// <summary>The grants service's answers to its domain's refusals, and what every grant command may answer.</summary>
internal static class GrantProblems
{
    public static readonly RefusalProblems Refusals = new(new Dictionary<string, ProblemKind>
    {
        [GrantRefusals.GrantNotFound] = new(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Subvention introuvable"),
        [GrantRefusals.InstalmentNotFound] = new(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Échéance introuvable"),
        [GrantRefusals.GrantCancelled] = new(StatusCodes.Status409Conflict, GrantsProblemTypes.GrantClosed, "Subvention annulée"),
        [GrantRefusals.GrantCompleted] = new(StatusCodes.Status409Conflict, GrantsProblemTypes.GrantClosed, "Subvention soldée"),
        [GrantRefusals.InstalmentAlreadyCommitted] =
            new(StatusCodes.Status409Conflict, GrantsProblemTypes.InstalmentState, "Échéance déjà engagée"),
        [GrantRefusals.InstalmentNotCommitted] = new(StatusCodes.Status409Conflict, GrantsProblemTypes.InstalmentState, "Échéance non engagée"),
        [GrantRefusals.InstalmentAlreadyPaid] = new(StatusCodes.Status409Conflict, GrantsProblemTypes.AlreadyPaid, "Échéance déjà payée"),
        [GrantRefusals.PreviousInstalmentNotCommitted] =
            new(StatusCodes.Status409Conflict, GrantsProblemTypes.InstalmentOutOfOrder, "Échéance précédente non engagée"),
        [GrantRefusals.PreviousInstalmentNotPaid] =
            new(StatusCodes.Status409Conflict, GrantsProblemTypes.InstalmentOutOfOrder, "Échéance précédente non payée"),
        [GrantRefusals.BelowUsage] =
            new(StatusCodes.Status422UnprocessableEntity, GrantsProblemTypes.BelowUsage, "Réglages en deçà de l'existant"),
    });

    /// <summary>A change of grant <paramref name="id"/>, locked; answered with the grant as it became.</summary>
    public static Command<Grant> GrantChange(GrantsDbContext db, Guid id, Func<Grant, Refusal?> rule) =>
        new(token => db.LockGrantAsync(id, token), grant => TypedResults.Ok(GrantResponse.From(grant)))
        {
            Rule = (grant, _) => Task.FromResult(rule(grant)),
            NotFound = Grant.NotFound(id),
        };

    /// <summary>What every grant command may answer besides its success.</summary>
    public static RouteHandlerBuilder ProducesGrantCommandProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}

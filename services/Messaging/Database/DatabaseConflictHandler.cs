using Fabriques.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Fabriques.Messaging.Database;

/// <summary>
/// Races the features did not foresee still get a clear answer instead of a 500: a row changed since it was read
/// is a 412, a uniqueness violated by a concurrent request a 409.
/// </summary>
internal sealed class DatabaseConflictHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const string UniqueViolation = "23505";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status412PreconditionFailed,
                Type = ProblemTypes.PreconditionFailed,
                Title = "La ressource a changé",
                Detail = "Quelqu'un l'a modifiée pendant votre requête : relisez-la (GET) et recommencez.",
            },
            DbUpdateException { InnerException: PostgresException { SqlState: UniqueViolation } } => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Type = ProblemTypes.Conflict,
                Title = "Conflit",
                Detail = "Une requête concurrente a déjà enregistré la même chose : relisez l'état actuel avant de recommencer.",
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}

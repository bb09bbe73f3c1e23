using System.Data.Common;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Fabriques.ServiceDefaults.Errors;

/// <summary>
/// Turns exceptions into RFC 9457 problem details: a malformed request is the caller's 400, an unreachable
/// database a 503 the caller may retry, anything else a 500 that reveals nothing of the internals.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => Malformed(bad),
            _ when IsUnavailable(exception) => Unavailable(context, exception),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => null,
            _ => Internal(exception),
        };
        if (problem is null)
        {
            return true; // the client went away: nobody to answer
        }

        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Malformed(BadHttpRequestException exception)
    {
        var json = exception.InnerException as JsonException;
        var problem = new ProblemDetails
        {
            Status = exception.StatusCode,
            Type = exception.StatusCode == StatusCodes.Status400BadRequest ? ProblemTypes.MalformedRequest : null,
            Title = exception.StatusCode == StatusCodes.Status400BadRequest ? "Requête mal formée" : null,
            Detail = json is null
                ? "La requête ne peut pas être lue : vérifiez le corps JSON, les paramètres et les en-têtes."
                : "Le corps JSON est invalide : corrigez le champ indiqué.",
        };
        if (json is not null)
        {
            var field = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
            var where = json.LineNumber is { } line ? $" (ligne {line + 1}, position {json.BytePositionInLine + 1})" : "";
            problem.Extensions["errors"] = new Dictionary<string, string[]>
            {
                [field] = [$"Valeur JSON invalide ou de type inattendu{where}."],
            };
        }
        return problem;
    }

    private ProblemDetails Unavailable(HttpContext context, Exception exception)
    {
        LogUnavailable(logger, exception);
        context.Response.Headers.RetryAfter = "5";
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Type = ProblemTypes.ServiceUnavailable,
            Title = "Service momentanément indisponible",
            Detail = "Une ressource dont dépend ce service ne répond pas. Réessayez dans quelques secondes ; rien n'a été enregistré.",
        };
    }

    private ProblemDetails Internal(Exception exception)
    {
        LogUnhandled(logger, exception);
        return new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Type = ProblemTypes.Internal,
            Title = "Erreur interne",
            Detail = "Une erreur inattendue est survenue. Elle a été journalisée ; communiquez le traceId au support.",
        };
    }

    /// <summary>A database or network failure anywhere in the chain means "try again later", not a bug.</summary>
    private static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException { IsTransient: true } or SocketException or TimeoutException)
            {
                return true;
            }
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A dependency is unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}

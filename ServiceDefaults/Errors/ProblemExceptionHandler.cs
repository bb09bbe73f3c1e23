using System.Data.Common;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Fabriques.ServiceDefaults.Errors;

/// <summary>
/// Turns exceptions into RFC 9457 problem details: a malformed request is the caller's 400 naming the field, an
/// unreachable database a 503 the caller may retry, anything else a 500. None repeats an exception's message: those
/// quote .NET types, SQL and values, which are nobody's business.
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
        var problem = exception.StatusCode switch
        {
            StatusCodes.Status400BadRequest => new ProblemDetails
            {
                Type = ProblemTypes.MalformedRequest,
                Title = "Requête mal formée",
                Detail = "La requête ne peut pas être lue : corrigez le champ indiqué dans « errors ».",
            },
            StatusCodes.Status413PayloadTooLarge => new ProblemDetails
            {
                Title = "Requête trop volumineuse",
                Detail = "Le corps de la requête dépasse la taille que ce service accepte.",
            },
            StatusCodes.Status415UnsupportedMediaType => new ProblemDetails
            {
                Title = "Type de contenu non pris en charge",
                Detail = "Envoyez le corps en JSON, avec l'en-tête Content-Type: application/json.",
            },
            _ => new ProblemDetails { Detail = "La requête ne peut pas être lue : vérifiez le corps, les paramètres et les en-têtes." },
        };
        problem.Status = exception.StatusCode;
        if (exception.StatusCode == StatusCodes.Status400BadRequest)
        {
            problem.Extensions["errors"] = MalformedField(exception);
        }
        return problem;
    }

    /// <summary>The field at fault, named as validation errors name it (<c>contact.phone</c>), with where it broke.</summary>
    private static Dictionary<string, string[]> MalformedField(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "$";
            var where = json.LineNumber is { } line ? $" (ligne {line + 1}, position {json.BytePositionInLine + 1})" : "";
            return new() { [field] = [$"Valeur JSON invalide ou de type inattendu{where}."] };
        }
        // The framework names the parameter in its message, next to its .NET type: only the name is repeated.
        return BoundParameter().Match(exception.Message) is { Success: true } match
            ? new() { [JsonNamingPolicy.CamelCase.ConvertName(match.Groups["name"].Value)] = ["Valeur absente ou invalide pour ce paramètre."] }
            : new() { ["$"] = ["Le corps de la requête est absent ou illisible : envoyez un objet JSON."] };
    }

    /// <summary><c>Failed to bind parameter "int? page" from "x".</c>, <c>Required parameter "int page" was not provided from query string.</c></summary>
    [GeneratedRegex(@"parameter ""[^""]*?(?<name>\w+)"" (?:from ""|was not provided from (?:query|route|header))")]
    private static partial Regex BoundParameter();

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

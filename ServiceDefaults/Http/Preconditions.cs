using Fabriques.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Fabriques.ServiceDefaults.Http;

/// <summary>
/// Optimistic concurrency of the contract: <c>GET</c> answers an <c>ETag</c> (the row's version), <c>PUT</c> must send
/// it back in <c>If-Match</c>: 428 when missing, 412 when someone else changed the resource in between.
/// </summary>
public static class Preconditions
{
    public static string ETag(uint version) => $"\"{version}\"";

    /// <summary>Sets the <c>ETag</c> header of the answer.</summary>
    public static void SetETag(this HttpResponse response, uint version) => response.Headers[HeaderNames.ETag] = ETag(version);

    /// <summary>Null when <c>If-Match</c> names <paramref name="version"/>; otherwise the 428 or 412 problem to answer.</summary>
    public static IResult? CheckIfMatch(HttpRequest request, uint version)
    {
        var ifMatch = request.Headers[HeaderNames.IfMatch].ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, type: ProblemTypes.PreconditionRequired,
                title: "En-tête If-Match obligatoire",
                detail: "Relisez la ressource (GET) et renvoyez son ETag dans l'en-tête If-Match.");
        }
        var current = ETag(version);
        var matches = ifMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == current || t == "W/" + current);
        return matches
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, type: ProblemTypes.PreconditionFailed,
                title: "La ressource a changé",
                detail: "Quelqu'un l'a modifiée depuis votre lecture : relisez-la (GET), reportez vos changements, renvoyez le nouvel ETag.");
    }
}

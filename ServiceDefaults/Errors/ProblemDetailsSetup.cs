using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.ServiceDefaults.Errors;

internal static class ProblemDetailsSetup
{
    public static IServiceCollection AddProblemDetailsAndErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var http = context.HttpContext;
            context.ProblemDetails.Instance ??= $"{http.Request.Method} {http.Request.Path}";
            context.ProblemDetails.Detail ??= FrameworkDetail(context.ProblemDetails.Status);
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
            if (http.Request.Headers.TryGetValue(CorrelationId.HeaderName, out var correlationId))
            {
                context.ProblemDetails.Extensions["correlationId"] = correlationId.ToString();
            }
        });
        // After the default writer: answers JSON to callers whose Accept header the default one declines.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Malformed bodies throw, so the handler can say which field is wrong instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>What the caller can do about the answers the framework gives on its own (status code pages).</summary>
    private static string? FrameworkDetail(int? status) => status switch
    {
        StatusCodes.Status401Unauthorized => "Authentification requise : envoyez un jeton valide dans l'en-tête Authorization: Bearer.",
        StatusCodes.Status403Forbidden => "Votre rôle ne permet pas cette action.",
        StatusCodes.Status404NotFound => "Aucune ressource à cette adresse : vérifiez le chemin et l'identifiant.",
        StatusCodes.Status405MethodNotAllowed => "Cette méthode HTTP n'est pas acceptée à cette adresse.",
        StatusCodes.Status415UnsupportedMediaType => "Envoyez le corps en JSON, avec l'en-tête Content-Type: application/json.",
        _ => null,
    };
}

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
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
            if (http.Request.Headers.TryGetValue(CorrelationId.HeaderName, out var correlationId))
            {
                context.ProblemDetails.Extensions["correlationId"] = correlationId.ToString();
            }
        });
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Malformed bodies throw, so the handler can say which field is wrong instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}

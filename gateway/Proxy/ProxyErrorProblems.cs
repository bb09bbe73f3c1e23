using System.Globalization;
using Fabriques.Gateway.Errors;
using Fabriques.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Forwarder;

namespace Fabriques.Gateway.Proxy;

/// <summary>
/// The proxy answers its own failures with a bare status code: a body over the route's limit (Kestrel throws while
/// the proxy streams it, the proxy answers 413), a service it cannot reach (502, 504). Callers get problem
/// details instead, like from every service.
/// </summary>
public static class ProxyErrorProblems
{
    public static IApplicationBuilder UseProxyErrorProblems(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.HasStarted || context.Features.Get<IForwarderErrorFeature>() is null)
            {
                return;
            }

            var problem = context.Response.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => TooLarge(context),
                >= StatusCodes.Status500InternalServerError => Unavailable(context),
                _ => null,
            };
            if (problem is not null)
            {
                await context.RequestServices.GetRequiredService<IProblemDetailsService>()
                    .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
            }
        });

    private static ProblemDetails TooLarge(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        return new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Type = GatewayProblemTypes.PayloadTooLarge,
            Title = "Corps de requête trop volumineux",
            Detail = limit is { } bytes
                ? $"Le corps de la requête dépasse la taille acceptée sur cette route ({bytes.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"))} octets)."
                : "Le corps de la requête dépasse la taille acceptée sur cette route.",
        };
    }

    private static ProblemDetails Unavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return new ProblemDetails
        {
            Status = context.Response.StatusCode,
            Type = ProblemTypes.ServiceUnavailable,
            Title = "Service momentanément indisponible",
            Detail = "Le service qui traite cette route ne répond pas. Réessayez dans quelques secondes.",
        };
    }
}

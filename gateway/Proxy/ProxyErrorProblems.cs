using System.Globalization;
using Fabriques.Gateway.Errors;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Forwarder;

namespace Fabriques.Gateway.Proxy;

/// <summary>
/// The proxy answers its own failures with a bare status code: a body over the route's limit (Kestrel throws while
/// the proxy streams it, the proxy answers 413), a service it cannot reach (502, 504), a request past its time (400,
/// as if the caller had left). Callers get problem details instead, like from every service: 504 for the last.
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

            // The request's time ran out (RequestTimeouts): YARP saw its token cancelled and answered as if the caller
            // had left, but the caller is waiting for a clear 504.
            var problem = RequestTimeouts.TimedOut(context) ? TimedOut(context) : context.Response.StatusCode switch
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

    private static ProblemDetails TimedOut(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
        var options = context.RequestServices.GetRequiredService<IOptions<RequestTimeoutOptions>>().Value;
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RequestTimeoutAttribute>();
        return RequestTimeouts.Problem(route?.Timeout ?? (route?.PolicyName is { } name && options.Policies.TryGetValue(name, out var policy)
            ? policy.Timeout
            : options.DefaultPolicy?.Timeout));
    }

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

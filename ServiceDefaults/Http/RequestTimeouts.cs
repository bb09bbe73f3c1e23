using System.Globalization;
using Fabriques.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fabriques.ServiceDefaults.Http;

/// <summary>
/// No request holds a connection, a database session or a proxy slot for ever: past <c>RequestTimeouts:Default</c>
/// (30 s; the gateway's appsettings give it a little more, so a service's own answer comes through) the request is
/// cancelled and answered 504 with a problem. Routes that move whole files (imports, exports, documents) use the
/// <see cref="FilesPolicy"/> instead (<c>RequestTimeouts:Files</c>, 15 min), at the gateway too.
/// </summary>
public static class RequestTimeouts
{
    public const string SectionName = "RequestTimeouts";

    /// <summary>The policy of routes whose length a file bounds, not a clock (also a gateway route's <c>TimeoutPolicy</c>).</summary>
    public const string FilesPolicy = "files";

    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Files = TimeSpan.FromMinutes(15);

    public static IHostApplicationBuilder AddDefaultRequestTimeouts(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SectionName);
        var timeout = section.GetValue<TimeSpan?>("Default") ?? Default;
        var files = section.GetValue<TimeSpan?>("Files") ?? Files;
        builder.Services.AddRequestTimeouts(options =>
        {
            options.DefaultPolicy = Policy(timeout);
            options.AddPolicy(FilesPolicy, Policy(files));
        });
        return builder;
    }

    /// <summary>Routes that move a whole file wait for it as long as the <see cref="FilesPolicy"/> says.</summary>
    public static TBuilder WithFilesTimeout<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new RequestTimeoutAttribute(FilesPolicy));

    /// <summary>True when the request was cancelled by its timeout rather than by its caller leaving.</summary>
    public static bool TimedOut(HttpContext context) =>
        context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;

    /// <summary>The 504 a request past its time gets, from a service or from the gateway.</summary>
    public static ProblemDetails Problem(TimeSpan? timeout) => new()
    {
        Status = StatusCodes.Status504GatewayTimeout,
        Type = ProblemTypes.Timeout,
        Title = "Délai de traitement dépassé",
        Detail = (timeout is { } limit
                     ? $"La requête n'a pas abouti dans le délai accordé ({limit.TotalSeconds.ToString("0.#", CultureInfo.GetCultureInfo("fr-FR"))} s) : elle a été interrompue. "
                     : "La requête n'a pas abouti dans le délai accordé : elle a été interrompue. ")
                 + "Réessayez dans un moment ; pour une écriture, relisez d'abord la ressource, ou renvoyez-la avec la même Idempotency-Key.",
    };

    private static RequestTimeoutPolicy Policy(TimeSpan timeout) => new()
    {
        Timeout = timeout,
        TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        WriteTimeoutResponse = context => context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = Problem(timeout) }).AsTask(),
    };
}

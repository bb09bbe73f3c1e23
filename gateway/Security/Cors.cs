using Fabriques.ServiceDefaults;
using Microsoft.Net.Http.Headers;

namespace Fabriques.Gateway.Security;

/// <summary>
/// Browsers may call the API only from the origins listed in <c>Cors:AllowedOrigins</c> (none unless configured).
/// Tokens travel in the <c>Authorization</c> header, never in cookies, so credentials are not allowed.
/// </summary>
public static class Cors
{
    public const string AllowedOriginsKey = "Cors:AllowedOrigins";

    public static IHostApplicationBuilder AddGatewayCors(this IHostApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection(AllowedOriginsKey).Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete)
            .WithHeaders(HeaderNames.Authorization, HeaderNames.ContentType, HeaderNames.IfMatch, "Idempotency-Key", CorrelationId.HeaderName)
            .WithExposedHeaders(HeaderNames.ETag, HeaderNames.Location, CorrelationId.HeaderName, HeaderNames.RetryAfter)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return builder;
    }
}

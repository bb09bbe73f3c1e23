using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Net.Http.Headers;

namespace Fabriques.Gateway.Security;

/// <summary>
/// Headers every answer carries, whether the gateway wrote it or a service did: no MIME sniffing, no referrer,
/// no framing (the API reference is a page of its own), and no <c>Server</c> header naming the software behind.
/// </summary>
public static class SecurityHeaders
{
    public static IHostApplicationBuilder AddSecurityHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }

    /// <summary>First in the pipeline, so that errors and rejections get the headers too.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var response = context.Response;
            response.OnStarting(() =>
            {
                response.Headers.XContentTypeOptions = "nosniff";
                response.Headers["Referrer-Policy"] = "no-referrer";
                response.Headers.XFrameOptions = "DENY";
                // The services' own Kestrel names itself; the proxy copies their headers.
                response.Headers.Remove(HeaderNames.Server);
                return Task.CompletedTask;
            });
            return next(context);
        });
}

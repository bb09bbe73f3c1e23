using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fabriques.ServiceDefaults;

/// <summary>
/// Every answer carries <c>X-Correlation-Id</c>: the caller's when it sent a sane one, a new one otherwise.
/// The id is written back on the request so that a proxy forwards the same value downstream.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";
    private const int MaxLength = 128;

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var id = Accept(context.Request.Headers[HeaderName].ToString()) ?? Guid.CreateVersion7().ToString("N");
            context.Request.Headers[HeaderName] = id;
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[HeaderName] = id;
                return Task.CompletedTask;
            });
            Activity.Current?.SetTag("correlation.id", id);

            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Fabriques.Correlation");
            using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
            {
                await next(context);
            }
        });

    /// <summary>A header value is echoed only when it cannot be used to inject anything into logs or headers.</summary>
    private static string? Accept(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            ? value
            : null;
}

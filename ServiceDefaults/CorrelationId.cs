using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fabriques.ServiceDefaults;

/// <summary>
/// Every answer carries <c>X-Correlation-Id</c>: the caller's when it sent a sane one, a new one otherwise.
/// The id is written back on the request so that a proxy forwards the same value downstream, and every log written
/// while handling the request carries it (scope field <see cref="LogField"/>). The events the request raises carry
/// it on to their consumers (see the messaging outbox), whose logs carry it too.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";

    /// <summary>The structured log field, and the trace tag (<see cref="TagName"/>), that hold the id.</summary>
    public const string LogField = "CorrelationId";
    public const string TagName = "correlation.id";

    public const int MaxLength = 128;
    private static readonly AsyncLocal<string?> Ambient = new();

    /// <summary>The correlation id of the request or message being handled; null outside of one.</summary>
    public static string? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Fabriques.Correlation");
        return app.Use(async (context, next) =>
        {
            var id = Accept(context.Request.Headers[HeaderName].ToString()) ?? New();
            context.Request.Headers[HeaderName] = id;
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[HeaderName] = id;
                return Task.CompletedTask;
            });
            Activity.Current?.SetTag(TagName, id);
            Current = id;

            using (logger.BeginScope(new Dictionary<string, object> { [LogField] = id }))
            {
                await next(context);
            }
        });
    }

    public static string New() => Guid.CreateVersion7().ToString("N");

    /// <summary>
    /// The value when it cannot be used to inject anything into logs, headers or trace state (letters, digits,
    /// <c>- _ . :</c>, at most 128 characters); null otherwise.
    /// </summary>
    public static string? Accept(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            ? value
            : null;
}

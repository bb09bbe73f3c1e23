using System.Globalization;
using System.Threading.RateLimiting;
using Fabriques.Gateway.Authentication;
using Fabriques.Gateway.Errors;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Fabriques.Gateway.Security;

/// <summary>A token bucket per caller: <see cref="Burst"/> requests at once, refilled at <see cref="PerMinute"/>.</summary>
public sealed class RateLimit
{
    public int Burst { get; set; }
    public int PerMinute { get; set; }

    /// <summary>A token a microsecond: the refill period must stay a positive time span.</summary>
    internal const int MaxPerMinute = 60_000_000;

    internal bool IsValid => Burst > 0 && PerMinute is > 0 and <= MaxPerMinute;

    internal TokenBucketRateLimiterOptions ToBucket() => new()
    {
        TokenLimit = Burst,
        // One token at a time, so that Retry-After is the wait for the next one, not for a whole minute.
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / PerMinute,
        // The partitioned limiter refills every bucket from its own timer: no timer per caller.
        AutoReplenishment = false,
        QueueLimit = 0,
    };
}

/// <summary>
/// Configuration section <c>RateLimiting</c>. Each caller — the token's subject, or the client IP when anonymous —
/// has one bucket for reads, a stricter one for writes, and the strictest for development tokens. The defaults
/// (appsettings.json: reads 600 at once then 50 a second, writes 100 then 10 a second, tokens 30 then one every
/// 2 seconds) are far above what a person using a frontend does, and reached within seconds by a script in a loop.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    public RateLimit Reads { get; set; } = new();
    public RateLimit Writes { get; set; } = new();
    public RateLimit DevToken { get; set; } = new();
}

public static class RateLimiting
{
    public static IHostApplicationBuilder AddGatewayRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitingOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitingOptions.SectionName))
            .Validate(o => o.Reads.IsValid && o.Writes.IsValid && o.DevToken.IsValid,
                $"{RateLimitingOptions.SectionName}: Reads, Writes and DevToken each need a positive Burst and a PerMinute from 1 to {RateLimit.MaxPerMinute}.")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>>((options, limits) =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
        });
        return builder;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitingOptions limits)
    {
        var request = context.Request;
        // Orchestrators probe every few seconds from one address: a 429 there would take the gateway out of service.
        if (request.Path.StartsWithSegments(Extensions.HealthPath) || request.Path.StartsWithSegments(Extensions.AlivePath))
        {
            return RateLimitPartition.GetNoLimiter("probes");
        }

        var (kind, limit) = request switch
        {
            _ when HttpMethods.IsPost(request.Method) && request.Path.Equals(DevTokenEndpoint.Path, StringComparison.OrdinalIgnoreCase)
                => ("dev-token", limits.DevToken),
            _ when IsWrite(request.Method) => ("writes", limits.Writes),
            _ => ("reads", limits.Reads),
        };
        var subject = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(JwtAuthentication.SubjectClaim)?.Value : null;
        var caller = subject is null ? $"ip:{context.Connection.RemoteIpAddress}" : $"sub:{subject}";
        return RateLimitPartition.GetTokenBucketLimiter($"{kind} {caller}", _ => limit.ToBucket());
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = GatewayProblemTypes.TooManyRequests,
                Title = "Trop de requêtes",
                Detail = $"Trop de requêtes en peu de temps : réessayez dans {seconds} s.",
            },
        });
    }
}

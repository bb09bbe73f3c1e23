using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fabriques.ServiceDefaults.Http;

/// <summary>
/// Configuration <c>RequestTimeouts:Default</c> (30 s): no request holds a connection, a database session or a proxy
/// slot longer; past it the request is cancelled and answered 504 (a problem, through the status code pages). Routes
/// that move whole files (import, export) opt out with <c>DisableRequestTimeout()</c>.
/// </summary>
public static class RequestTimeouts
{
    public const string DefaultKey = "RequestTimeouts:Default";
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static IHostApplicationBuilder AddDefaultRequestTimeouts(this IHostApplicationBuilder builder)
    {
        var timeout = builder.Configuration.GetValue<TimeSpan?>(DefaultKey) ?? Default;
        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = timeout,
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        });
        return builder;
    }
}

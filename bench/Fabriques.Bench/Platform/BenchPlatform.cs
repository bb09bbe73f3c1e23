using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Fabriques.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fabriques.Bench.Platform;

/// <summary>
/// The real platform as the AppHost describes it (PostgreSQL and RabbitMQ containers, the four services, the gateway,
/// smtp4dev), started in-process with Aspire's testing builder, every endpoint on 127.0.0.1. Each user's token comes
/// from the gateway's development issuer (<c>/dev/token</c>), as a frontend's would.
/// </summary>
public sealed class BenchPlatform : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private readonly DistributedApplication _app;

    private BenchPlatform(DistributedApplication app, HttpClient http)
    {
        _app = app;
        Http = http;
        Gateway = app.GetEndpoint(ResourceNames.Gateway, "http");
    }

    /// <summary>One client for every call, with enough connections for the benchmarks' concurrency.</summary>
    public HttpClient Http { get; }

    public Uri Gateway { get; }

    public Uri ServiceEndpoint(string service) => _app.GetEndpoint(service, "http");

    public static async Task<BenchPlatform> StartAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Fabriques_AppHost>(timeout.Token);
        // The gateway's per-caller read limit would turn benchmark 1 into a measure of 429s, and its token limit (one
        // address asks for every applicant's token) benchmark 2 into a wait: both are raised (the limiter still runs on
        // every request). Writes keep their production limits: benchmark 2 uses one subject per applicant.
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Gateway)
            .WithEnvironment("RateLimiting__Reads__Burst", "100000000")
            .WithEnvironment("RateLimiting__Reads__PerMinute", "60000000")
            .WithEnvironment("RateLimiting__DevToken__Burst", "100000000")
            .WithEnvironment("RateLimiting__DevToken__PerMinute", "60000000");
        // Aspire's development proxy (DCP) would sit in front of every project, adding a hop to each path that production
        // does not have: the gateway then talks to the services, and the benchmark to both, directly.
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project).WithEndpoint("http", endpoint => endpoint.IsProxied = false);
        }
        // The resources' console output stays in their own logs: relayed here, it would cost this process CPU.
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Fabriques.AppHost.Resources", LogLevel.None));
        var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway, timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Smtp, timeout.Token);
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new BenchPlatform(app, http);
    }

    public async Task<string> TokenAsync(string subject, string role)
    {
        using var answer = await Http.PostAsJsonAsync(new Uri(Gateway, "/dev/token"),
            new { sub = subject, name = subject, email = $"{subject}@example.org", roles = new[] { role } });
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public ValueTask<string?> ConnectionStringAsync(string resource) => _app.GetConnectionStringAsync(resource);

    /// <summary>Sends one request and times it, from the first byte sent to the whole answer read.</summary>
    public async Task<Answer> SendAsync(HttpMethod method, Uri root, string path, string token, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(root, path)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        var started = Stopwatch.GetTimestamp();
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer((int)response.StatusCode, text, Stopwatch.GetElapsedTime(started), response.Headers.ETag?.ToString());
    }

    /// <summary>A call through the gateway that must succeed; returns its JSON.</summary>
    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, string token, object? body = null, string? ifMatch = null)
    {
        var answer = await SendAsync(method, Gateway, path, token, body, ifMatch);
        return answer.Ok
            ? (answer.Body.Length == 0 ? default : JsonDocument.Parse(answer.Body).RootElement.Clone())
            : throw new InvalidOperationException($"{method} {path} answered {answer.Status}: {answer.Body}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record Answer(int Status, string Body, TimeSpan Elapsed, string? ETag)
{
    public bool Ok => Status is >= 200 and < 300;
}

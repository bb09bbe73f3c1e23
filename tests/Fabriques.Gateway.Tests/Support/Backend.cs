using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fabriques.Gateway.Tests.Support;

/// <summary>
/// A real HTTP service behind the gateway, on loopback: it answers every request with what it received (or never, to a
/// request carrying <see cref="StallHeader"/>), names itself in a <c>Server</c> header like any web server, and reports
/// its health as <see cref="Health"/> says.
/// It can be stopped and started again on the same port, as a service restarting would.
/// </summary>
public sealed class Backend : IAsyncDisposable
{
    public const string ServerName = "Backend-Kestrel/10";

    /// <summary>A request carrying this header gets no answer: the service hangs until the request is given up.</summary>
    public const string StallHeader = "X-Backend-Stall";

    private WebApplication? _app;

    private Backend(int port) => Port = port;

    public int Port { get; private set; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>What the service reports at <c>/health</c>.</summary>
    public string Health { get; set; } = "Healthy";

    /// <summary>"METHOD path" of every request that reached the service, its health probes aside.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public static async Task<Backend> StartAsync()
    {
        var backend = new Backend(port: 0);
        await backend.StartAgainAsync();
        return backend;
    }

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.MapGet("/health", () => Results.Json(new { status = Health }, statusCode: Health == "Unhealthy" ? 503 : 200));
        app.Map("/{**path}", async (HttpContext context) =>
        {
            Received.Enqueue($"{context.Request.Method} {context.Request.Path}");
            if (context.Request.Headers.ContainsKey(StallHeader))
            {
                await new TaskCompletionSource().Task.WaitAsync(context.RequestAborted);
            }
            var length = 0L;
            var buffer = new byte[81920];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                length += read;
            }
            context.Response.Headers.Server = ServerName;
            return Results.Json(new { method = context.Request.Method, path = context.Request.Path.Value, bodyLength = length });
        });
        await app.StartAsync();
        Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}

using System.Collections.Concurrent;
using Fabriques.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// A partner's webhook receiver: a real HTTP listener on 127.0.0.1 (allowed as a target in Development) that answers
/// each POST with the status <c>respond</c> gives for its number (1-based; 204 by default) and keeps the bodies.
/// </summary>
public sealed class PartnerReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _received = new();
    private int _calls;

    private PartnerReceiver(Func<int, int> respond)
    {
        _app = Network.LoopbackApp();
        _app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            _received.Enqueue(await reader.ReadToEndAsync());
            return Results.StatusCode(respond(Interlocked.Increment(ref _calls)));
        });
    }

    public string Url => _app.Urls.Single() + "/hook";

    public IReadOnlyCollection<string> Received => _received;

    public static async Task<PartnerReceiver> StartAsync(Func<int, int>? respond = null)
    {
        var receiver = new PartnerReceiver(respond ?? (_ => StatusCodes.Status204NoContent));
        await receiver._app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Fabriques.Testing;

namespace Fabriques.Notification.Tests.Support;

/// <summary>A received webhook POST: its headers and body, exactly as sent.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string ContentType, string Body);

/// <summary>
/// A real HTTP receiver (Kestrel on 127.0.0.1, random port) answering each POST with what <c>respond</c> says for
/// the n-th call (1-based), recording what it received.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private int _calls;

    private WebhookReceiver(Func<int, CancellationToken, Task<int>> respond)
    {
        _app = Network.LoopbackApp();
        _app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers;
            _received.Enqueue(new ReceivedWebhook(
                headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(),
                context.Request.ContentType ?? "", body));
            return Results.StatusCode(await respond(Interlocked.Increment(ref _calls), context.RequestAborted));
        });
    }

    public string Url => _app.Urls.Single() + "/hook";

    public IReadOnlyCollection<ReceivedWebhook> Received => _received;

    public static Task<WebhookReceiver> StartAsync(params int[] statuses) =>
        StartAsync((call, _) => Task.FromResult(statuses.Length == 0 ? 200 : statuses[Math.Min(call, statuses.Length) - 1]));

    public static async Task<WebhookReceiver> StartAsync(Func<int, CancellationToken, Task<int>> respond)
    {
        var receiver = new WebhookReceiver(respond);
        await receiver._app.StartAsync();
        return receiver;
    }

    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string eventId, int count = 1)
    {
        IReadOnlyList<ReceivedWebhook> Of() => _received.Where(r => r.Id == eventId).ToList();
        await Eventually.SucceedsAsync(() => Task.FromResult(Of().Count >= count), TimeSpan.FromSeconds(30),
            $"{count} webhook(s) of event {eventId} did not arrive");
        return Of();
    }

    /// <summary>Standard Webhooks verification, written from the specification rather than with the service's code.</summary>
    public static bool HasValidSignature(ReceivedWebhook webhook, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{webhook.Id}.{webhook.Timestamp}.{webhook.Body}")));
        return webhook.Signature.Split(' ').Any(s => s == "v1," + expected);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

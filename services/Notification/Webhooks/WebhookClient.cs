using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Feed;

namespace Fabriques.Notification.Webhooks;

/// <summary>One signed POST of a CloudEvent to a subscriber, with the delivery timeout.</summary>
public sealed class WebhookClient(WebhookTargetGuard guard, TimeProvider time) : IDisposable
{
    private readonly HttpClient _http = new(guard.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<(AttemptStatus Outcome, int? HttpStatus, string? Error)> PostAsync(
        ClaimedDelivery delivery, WebhookOptions settings, CancellationToken stoppingToken)
    {
        if (WebhookTargets.CheckUrl(delivery.Url, settings.AllowInsecureTargets, out _) is { } refusal)
        {
            return (AttemptStatus.Refused, null, refusal);
        }
        var id = delivery.EventId.ToString();
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, new MediaTypeHeaderValue(CloudEvent.MediaType) { CharSet = "utf-8" }),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(delivery.Secret, id, timestamp, delivery.Payload));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? (AttemptStatus.Succeeded, status, null)
                : (AttemptStatus.Failed, status, $"Réponse HTTP {status}.");
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (AttemptStatus.TimedOut, null, $"Pas de réponse en {settings.Timeout.TotalSeconds:0.#} s.");
        }
        // The log says what kind of failure it was, never the exception's text: what a name resolves to, or which
        // port answered, would make the delivery log a scanner of what the service can reach.
        catch (HttpRequestException exception) when (exception.InnerException is WebhookTargetRefusedException)
        {
            return (AttemptStatus.Refused, null, DeliveryAttempt.RefusedText);
        }
        catch (HttpRequestException)
        {
            return (AttemptStatus.Unreachable, null, DeliveryAttempt.UnreachableText);
        }
    }

    public void Dispose() => _http.Dispose();
}

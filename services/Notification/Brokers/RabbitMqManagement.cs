using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Fabriques.Contracts.Partners;
using Fabriques.Notification.Domain;

namespace Fabriques.Notification.Brokers;

/// <summary>
/// Partner accounts on RabbitMQ, through its management HTTP API: the user (with the salted hash of its password, so
/// the password itself never leaves this process), its permissions on the virtual host, its topic permissions.
/// </summary>
public sealed partial class RabbitMqManagement(HttpClient http, BrokerAddress broker, ILogger<RabbitMqManagement> logger)
{
    /// <summary>Creates the account's user, allowed only what <see cref="BrokerAccount.Permissions"/> says.</summary>
    public async Task CreateAsync(BrokerAccount account, string password, CancellationToken cancellationToken)
    {
        var vhost = Uri.EscapeDataString(broker.VirtualHost);
        var user = Uri.EscapeDataString(account.Username);
        await SendAsync(HttpMethod.Put, $"api/users/{user}", new UserBody(HashPassword(password), "rabbit_password_hashing_sha256", ""), cancellationToken);
        var permissions = account.Permissions;
        await SendAsync(HttpMethod.Put, $"api/permissions/{vhost}/{user}",
            new PermissionsBody(permissions.Configure, permissions.Write, permissions.Read), cancellationToken);
        // Topic permissions on the partners' exchange: no routing key to publish with, whatever else allowed it.
        await SendAsync(HttpMethod.Put, $"api/topic-permissions/{vhost}/{user}",
            new TopicPermissionsBody(PartnerExchange.Name, Write: "^$", Read: ".*"), cancellationToken);
        LogCreated(logger, account.Username, broker.VirtualHost);
    }

    /// <summary>
    /// Removes the account's user (the broker closes its connections) and its queues, which would otherwise fill with
    /// events nobody reads. Already gone is fine.
    /// </summary>
    public async Task DeleteAsync(BrokerAccount account, CancellationToken cancellationToken)
    {
        var vhost = Uri.EscapeDataString(broker.VirtualHost);
        await SendAsync(HttpMethod.Delete, $"api/users/{Uri.EscapeDataString(account.Username)}", null, cancellationToken);
        var queues = await ReadAsync<QueueName[]>($"api/queues/{vhost}?columns=name", cancellationToken) ?? [];
        foreach (var queue in queues.Where(q => q.Name.StartsWith(account.QueuePrefix, StringComparison.Ordinal)))
        {
            await SendAsync(HttpMethod.Delete, $"api/queues/{vhost}/{Uri.EscapeDataString(queue.Name)}", null, cancellationToken);
        }
        LogDeleted(logger, account.Username, broker.VirtualHost);
    }

    /// <summary>
    /// RabbitMQ's <c>rabbit_password_hashing_sha256</c>: base64 of a 4-byte random salt followed by
    /// SHA-256(salt + UTF-8 password).
    /// </summary>
    public static string HashPassword(string password)
    {
        var salted = new byte[4 + Encoding.UTF8.GetByteCount(password)];
        RandomNumberGenerator.Fill(salted.AsSpan(0, 4));
        Encoding.UTF8.GetBytes(password, salted.AsSpan(4));
        var hash = SHA256.HashData(salted);
        return Convert.ToBase64String([.. salted.AsSpan(0, 4), .. hash]);
    }

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = Request(method, path);
        request.Content = body is null ? null : JsonContent.Create(body);
        using var response = await SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode && !(method == HttpMethod.Delete && response.StatusCode == HttpStatusCode.NotFound))
        {
            throw new BrokerUnavailableException($"{method} {path} answered {(int)response.StatusCode}.");
        }
    }

    private async Task<T?> ReadAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path);
        using var response = await SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<T>(cancellationToken)
            : throw new BrokerUnavailableException($"GET {path} answered {(int)response.StatusCode}.");
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(broker.ManagementUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(broker.Credentials)));
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new BrokerUnavailableException($"{request.Method} {request.RequestUri?.AbsolutePath} failed: {exception.Message}", exception);
        }
    }

    private sealed record UserBody(
        [property: JsonPropertyName("password_hash")] string PasswordHash,
        [property: JsonPropertyName("hashing_algorithm")] string HashingAlgorithm,
        [property: JsonPropertyName("tags")] string Tags);

    private sealed record PermissionsBody(
        [property: JsonPropertyName("configure")] string Configure,
        [property: JsonPropertyName("write")] string Write,
        [property: JsonPropertyName("read")] string Read);

    private sealed record TopicPermissionsBody(
        [property: JsonPropertyName("exchange")] string Exchange,
        [property: JsonPropertyName("write")] string Write,
        [property: JsonPropertyName("read")] string Read);

    private sealed record QueueName([property: JsonPropertyName("name")] string Name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner broker account {Username} created on virtual host {VirtualHost}")]
    private static partial void LogCreated(ILogger logger, string username, string virtualHost);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner broker account {Username} and its queues removed from virtual host {VirtualHost}")]
    private static partial void LogDeleted(ILogger logger, string username, string virtualHost);
}

/// <summary>The broker's management API did not do what was asked: the caller may retry later.</summary>
public sealed class BrokerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

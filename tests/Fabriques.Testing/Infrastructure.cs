using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Fabriques.Testing;

/// <summary>
/// A real PostgreSQL and a real RabbitMQ for a test assembly (the official images, pinned as in the AppHost).
/// Each test host gets its own database and its own virtual host, so tests running in parallel never see each
/// other's rows or messages.
/// </summary>
public sealed record QueueState(
    string Name,
    [property: System.Text.Json.Serialization.JsonPropertyName("messages_ready")] long Ready,
    [property: System.Text.Json.Serialization.JsonPropertyName("messages_unacknowledged")] long Unacknowledged,
    long Consumers);

public sealed class Infrastructure : IAsyncLifetime
{
    public const string PostgresImage = "postgres:17";
    public const string RabbitMqImage = "rabbitmq:4.0-management";
    private const ushort ManagementPort = 15672;

    // Every test class of a project starts its own service host on this one server, each with its connection pools:
    // the default 100 connections run out once a project has more than a dozen classes.
    private readonly PostgreSqlContainer _postgres = new PostgreSqlBuilder(PostgresImage)
        .WithCommand("-c", "max_connections=400")
        .Build();
    private readonly RabbitMqContainer _rabbitMq = new RabbitMqBuilder(RabbitMqImage)
        .WithPortBinding(ManagementPort, assignRandomHostPort: true)
        .Build();
    private readonly HttpClient _management = new();

    public PostgreSqlContainer Postgres => _postgres;
    public RabbitMqContainer RabbitMq => _rabbitMq;

    /// <summary>RabbitMQ's management HTTP API (what the notification service manages partner accounts with).</summary>
    public Uri ManagementUrl { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Task.WhenAll(_postgres.StartAsync(), _rabbitMq.StartAsync());
        var broker = new Uri(_rabbitMq.GetConnectionString());
        ManagementUrl = new Uri($"http://{_rabbitMq.Hostname}:{_rabbitMq.GetMappedPublicPort(ManagementPort)}/");
        _management.BaseAddress = new Uri(ManagementUrl, "api/");
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(broker.UserInfo))));
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using (var connection = new NpgsqlConnection(_postgres.GetConnectionString()))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(_postgres.GetConnectionString()) { Database = name }.ConnectionString;
    }

    /// <summary>Creates an empty virtual host and returns the AMQP URI of it.</summary>
    public async Task<string> CreateVirtualHostAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        (await _management.PutAsync($"vhosts/{name}", null)).EnsureSuccessStatusCode();
        var broker = new Uri(_rabbitMq.GetConnectionString());
        var user = Uri.UnescapeDataString(broker.UserInfo.Split(':')[0]);
        (await _management.PutAsJsonAsync($"permissions/{name}/{user}", new { configure = ".*", write = ".*", read = ".*" }))
            .EnsureSuccessStatusCode();
        return new UriBuilder(broker) { Path = "/" + name }.Uri.ToString();
    }

    /// <summary>
    /// <paramref name="brokerUri"/> under an account of its own, for one process: <see cref="DeleteAccountAsync"/> then
    /// shuts that process out of the broker for good, as a dead process is.
    /// </summary>
    public async Task<string> CreateAccountAsync(string brokerUri)
    {
        var vhost = Uri.EscapeDataString(new Uri(brokerUri).AbsolutePath.TrimStart('/'));
        var (user, password) = ($"process-{Guid.NewGuid():N}", Guid.NewGuid().ToString("N"));
        (await _management.PutAsJsonAsync($"users/{user}", new { password, tags = "" })).EnsureSuccessStatusCode();
        (await _management.PutAsJsonAsync($"permissions/{vhost}/{user}", new { configure = ".*", write = ".*", read = ".*" }))
            .EnsureSuccessStatusCode();
        return new UriBuilder(brokerUri) { UserName = user, Password = password }.Uri.ToString();
    }

    /// <summary>Deletes the account of <paramref name="brokerUri"/> (made by <see cref="CreateAccountAsync"/>): it can no longer connect.</summary>
    public async Task DeleteAccountAsync(string brokerUri)
    {
        var user = Uri.UnescapeDataString(new Uri(brokerUri).UserInfo.Split(':')[0]);
        (await _management.DeleteAsync($"users/{user}")).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// What the broker and the database see when a process dies: its AMQP connections and its database sessions cut
    /// at once, unacknowledged deliveries requeued, open transactions rolled back.
    /// </summary>
    public async Task CutConnectionsAsync(string brokerUri, string databaseConnectionString)
    {
        var vhost = Uri.EscapeDataString(new Uri(brokerUri).AbsolutePath.TrimStart('/'));
        var connections = await _management.GetFromJsonAsync<ConnectionInfo[]>($"vhosts/{vhost}/connections") ?? [];
        await Task.WhenAll(connections.Select(c => _management.DeleteAsync($"connections/{Uri.EscapeDataString(c.Name)}")));

        var database = new NpgsqlConnectionStringBuilder(databaseConnectionString).Database;
        await using var connection = new NpgsqlConnection(_postgres.GetConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @database AND pid <> pg_backend_pid()", connection);
        command.Parameters.AddWithValue("database", database!);
        await command.ExecuteScalarAsync();
    }

    private sealed record ConnectionInfo(string Name);

    /// <summary>The queues of a virtual host as the broker sees them: what waits, what is delivered but unacknowledged.</summary>
    public async Task<IReadOnlyList<QueueState>> QueuesAsync(string brokerUri)
    {
        var vhost = Uri.EscapeDataString(new Uri(brokerUri).AbsolutePath.TrimStart('/'));
        return await _management.GetFromJsonAsync<QueueState[]>($"queues/{vhost}") ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        _management.Dispose();
        await Task.WhenAll(_postgres.DisposeAsync().AsTask(), _rabbitMq.DisposeAsync().AsTask());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Npgsql;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Idempotency;

/// <summary><c>Idempotency-Key</c> on <c>POST /places</c>: a retried registration registers one place, whatever happens.</summary>
public sealed class IdempotencyKeyTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_gets_the_first_answer_and_registers_nothing_more()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        var name = UniqueWord();
        var key = Guid.NewGuid().ToString();

        using var first = await porteur.SendAsync(Register(key, FullPlace(name)), Ct);
        using var retry = await porteur.SendAsync(Register(key, FullPlace(name)), Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(["true"], retry.Headers.GetValues("Idempotency-Replayed"));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(first.Content.Headers.ContentType, retry.Content.Headers.ContentType);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await retry.Content.ReadAsStringAsync(Ct));
        Assert.Equal((1, 1), await CountAsync(name));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_a_422_and_changes_nothing()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        var (name, other) = (UniqueWord(), UniqueWord());
        var key = Guid.NewGuid().ToString();

        using var first = await porteur.SendAsync(Register(key, MinimalPlace(name)), Ct);
        using var reused = await porteur.SendAsync(Register(key, MinimalPlace(other)), Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var problem = await ProblemAsync(reused, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(ProblemTypes.IdempotencyKeyReused, problem.GetProperty("type").GetString());
        Assert.Contains("nouvelle clé", problem.GetProperty("detail").GetString());
        Assert.Equal((0, 0), await CountAsync(other));
    }

    [Fact]
    public async Task Concurrent_duplicates_register_exactly_one_place_and_publish_one_event()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        var name = UniqueWord();
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => porteur.SendAsync(Register(key, FullPlace(name)), Ct)));

        // Each duplicate either waited for nothing and got the kept answer, or arrived while the first ran.
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        Assert.Single(created.Select(a => a.Headers.Location).Distinct());
        foreach (var conflict in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal(ProblemTypes.IdempotencyKeyInProgress, (await ProblemAsync(conflict, HttpStatusCode.Conflict)).GetProperty("type").GetString());
        }
        Assert.Equal((1, 1), await CountAsync(name));
        answers.ToList().ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task A_key_left_unfinished_by_a_request_whose_process_died_runs_again_at_once()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        var name = UniqueWord();
        var key = Guid.NewGuid().ToString();
        // What a replica killed in the middle of the request leaves: the key reserved a moment ago, never completed,
        // and no live session holding it.
        await using (var connection = new NpgsqlConnection(host.DatabaseConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var reserve = new NpgsqlCommand("""
                INSERT INTO messaging.idempotency_keys (subject, method, path, key, request_hash, created_at)
                VALUES ('porteur-1', 'POST', @path, @key, @hash, now())
                """, connection);
            reserve.Parameters.AddWithValue("path", Places);
            reserve.Parameters.AddWithValue("key", key);
            reserve.Parameters.AddWithValue("hash", new byte[32]);
            Assert.Equal(1, await reserve.ExecuteNonQueryAsync(Ct));
        }

        using var retry = await porteur.SendAsync(Register(key, MinimalPlace(name)), Ct);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(retry.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal((1, 1), await CountAsync(name));
    }

    [Fact]
    public async Task Keys_belong_to_their_caller()
    {
        using var camille = host.CreateClient("porteur-camille", Roles.Porteur);
        using var dominique = host.CreateClient("porteur-dominique", Roles.Porteur);
        var name = UniqueWord();
        var key = Guid.NewGuid().ToString();

        using var first = await camille.SendAsync(Register(key, MinimalPlace(name)), Ct);
        using var second = await dominique.SendAsync(Register(key, MinimalPlace(name)), Ct);

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotency-Replayed"));
        Assert.NotEqual(first.Headers.Location, second.Headers.Location);
        Assert.Equal((2, 2), await CountAsync(name));
    }

    [Fact]
    public async Task A_refused_request_does_not_hold_its_key()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        var name = UniqueWord();
        var key = Guid.NewGuid().ToString();

        using var refused = await porteur.SendAsync(Register(key, new { name, pivot = "123" }), Ct);
        using var corrected = await porteur.SendAsync(Register(key, MinimalPlace(name)), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        Assert.False(corrected.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal((1, 1), await CountAsync(name));
    }

    [Fact]
    public async Task A_key_sent_without_a_token_is_a_401_and_reserves_nothing()
    {
        using var anonymous = host.CreateClient();
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        var name = UniqueWord();
        var key = Guid.NewGuid().ToString();

        using var unauthenticated = await anonymous.SendAsync(Register(key, MinimalPlace(name)), Ct);
        using var authenticated = await porteur.SendAsync(Register(key, MinimalPlace(name)), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.Created, authenticated.StatusCode);
        Assert.False(authenticated.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal((1, 1), await CountAsync(name));
    }

    [Theory]
    [InlineData("del\u007f")]
    [InlineData("clé-accentuée")]
    [InlineData("tab\there")]
    [InlineData(null)] // 256 characters
    public async Task A_key_that_is_not_1_to_255_printable_ASCII_characters_is_a_400_naming_the_header(string? key)
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        var name = UniqueWord();

        using var response = await porteur.SendAsync(Register(key ?? new string('k', 256), MinimalPlace(name)), Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(ProblemTypes.Validation, problem.GetProperty("type").GetString());
        Assert.Equal(["Idempotency-Key"], problem.ErrorFields());
        Assert.Equal((0, 0), await CountAsync(name));
    }

    [Fact]
    public async Task The_longest_key_is_accepted()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        var key = new string('k', 254) + Guid.NewGuid().ToString("N")[..1];

        using var response = await porteur.SendAsync(Register(key, MinimalPlace(UniqueWord())), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    internal static HttpRequestMessage Register(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Places) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    /// <summary>Places of that name, and the events about them waiting in (or sent from) the outbox.</summary>
    private Task<(long Places, long Events)> CountAsync(string name) => CountAsync(host.DatabaseConnectionString, name);

    internal static async Task<(long Places, long Events)> CountAsync(string connectionString, string name)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM places WHERE name = @name),
                   (SELECT count(*) FROM messaging.outbox_messages WHERE payload ->> 'name' = @name)
            """, connection);
        command.Parameters.AddWithValue("name", name);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}

using System.Security.Claims;
using System.Security.Cryptography;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fabriques.Messaging.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on writes: the first request with a key runs and its answer is kept; a retry with the same
/// key and request gets that answer again (<c>Idempotency-Replayed: true</c>) and changes nothing; another request
/// with the key is a 422, a retry while the first still runs a 409. Keys are scoped to the caller, method and path.
/// A refusal or failure changed nothing, so it is not kept: the key is released and a retry runs again.
/// A running request holds its key with a database session lock: when its process dies, PostgreSQL drops the lock
/// with the session, and the caller's retry runs at once rather than being told "in progress" by a dead request.
/// </summary>
internal sealed class IdempotencyMiddleware(RequestDelegate next, IIdempotencyStore store, TimeProvider time)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotency-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>How long an answer is replayed (the contract's 24 h); the janitor deletes older records.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsWrite(request.Method) || context.GetEndpoint() is null || !request.Headers.TryGetValue(HeaderName, out var values))
        {
            await next(context);
            return;
        }
        if (values is not [{ } key] || !IsValid(key))
        {
            await InvalidKey().ExecuteAsync(context);
            return;
        }

        var ct = context.RequestAborted;
        var now = time.GetUtcNow();
        var scope = new IdempotencyRecord
        {
            Subject = context.User.FindFirstValue(JwtAuthentication.SubjectClaim) ?? "",
            Method = request.Method,
            Path = request.Path.Value ?? "",
            Key = key,
            RequestHash = await HashAsync(request, ct),
            CreatedAt = now,
        };
        await using (var hold = await store.TryHoldAsync(scope, ct))
        {
            if (hold is not null && await store.TryReserveAsync(scope, now - Lifetime, ct))
            {
                await RunFirstAsync(context, scope);
                return;
            }
        }
        // Another live request runs with the key, or its answer is kept.
        var kept = await store.FindAsync(scope, ct);
        var answer = kept is not null && !kept.RequestHash.AsSpan().SequenceEqual(scope.RequestHash) ? KeyReused()
            : kept?.CompletedAt is null ? InProgress(context)
            : new ReplayedAnswer(kept);
        await answer.ExecuteAsync(context);
    }

    /// <summary>Runs the request with its answer buffered, keeps the answer when something changed, then sends it.</summary>
    private async Task RunFirstAsync(HttpContext context, IdempotencyRecord scope)
    {
        var response = context.Response;
        var client = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            await store.ReleaseAsync(scope, CancellationToken.None);
            throw;
        }
        finally
        {
            response.Body = client;
        }

        if (response.StatusCode < StatusCodes.Status400BadRequest)
        {
            // An answer that shows a secret once is not kept: its replay says what was created (status, Location) only.
            var keepBody = context.GetEndpoint()?.Metadata.GetMetadata<AnswerShowsASecret>() is null;
            await store.CompleteAsync(new IdempotencyRecord
            {
                Subject = scope.Subject, Method = scope.Method, Path = scope.Path, Key = scope.Key, RequestHash = scope.RequestHash,
                CompletedAt = time.GetUtcNow(),
                StatusCode = response.StatusCode,
                Location = NullIfEmpty(response.Headers.Location),
                ETag = NullIfEmpty(response.Headers.ETag),
                ContentType = keepBody ? response.ContentType : null,
                Body = keepBody ? buffer.ToArray() : null,
            }, CancellationToken.None);
        }
        else
        {
            await store.ReleaseAsync(scope, CancellationToken.None);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(client, context.RequestAborted);
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>1 to 255 printable ASCII characters: what fits the column and cannot smuggle anything into logs.</summary>
    private static bool IsValid(string key) => key.Length is > 0 and <= MaxKeyLength && key.All(c => c is >= ' ' and <= '~');

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The query string and the body, read to the end and rewound for the endpoint.</summary>
    private static async Task<byte[]> HashAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(request.QueryString.Value + "\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }
        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    private static IResult InvalidKey() => new ValidationErrors()
        .Add(HeaderName, $"L'en-tête {HeaderName} doit être présent une seule fois et faire de 1 à {MaxKeyLength} caractères ASCII imprimables.")
        .ToProblem();

    private static IResult KeyReused() => TypedResults.Problem(
        type: ProblemTypes.IdempotencyKeyReused,
        title: "Clé d'idempotence déjà utilisée",
        statusCode: StatusCodes.Status422UnprocessableEntity,
        detail: $"Cette valeur d'{HeaderName} a déjà servi ces dernières 24 h pour une requête différente sur cette route : "
                + "prenez une nouvelle clé pour une nouvelle requête, ou renvoyez exactement la même requête.");

    private static IResult InProgress(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(
            type: ProblemTypes.IdempotencyKeyInProgress,
            title: "Requête déjà en cours",
            statusCode: StatusCodes.Status409Conflict,
            detail: $"Une requête avec la même {HeaderName} est encore en cours : réessayez dans un instant pour obtenir sa réponse.");
    }

    private sealed class ReplayedAnswer(IdempotencyRecord kept) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.StatusCode = kept.StatusCode!.Value;
            if (kept.Location is { } location)
            {
                response.Headers.Location = location;
            }
            if (kept.ETag is { } etag)
            {
                response.Headers.ETag = etag;
            }
            response.ContentType = kept.ContentType;
            response.Headers[ReplayedHeaderName] = "true";
            if (kept.Body is { Length: > 0 } body)
            {
                await response.Body.WriteAsync(body, context.RequestAborted);
            }
        }
    }
}

/// <summary>
/// Endpoint metadata: the answer carries a secret shown this once (a webhook signing secret), which the idempotency
/// store must not keep; a replay answers the status and Location without the body.
/// </summary>
public sealed class AnswerShowsASecret;

public static class IdempotencySetup
{
    /// <summary>
    /// Honours <c>Idempotency-Key</c> on the service's writes. After <c>UseServiceDefaults</c>: a request refused by
    /// authentication or authorization never reserves a key.
    /// </summary>
    public static WebApplication UseIdempotency(this WebApplication app)
    {
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }
}

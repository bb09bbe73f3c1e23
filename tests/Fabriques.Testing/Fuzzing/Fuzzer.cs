using System.Collections.Concurrent;
using System.Text.Json;
using CsCheck;

namespace Fabriques.Testing.Fuzzing;

/// <summary>A route to fuzz: how its requests are generated, who sends them, and the shape of its successes.</summary>
/// <param name="Name">How the report and the consistency checks name it, e.g. <c>POST /places</c>.</param>
/// <param name="Requests">The generated requests (see <see cref="JsonBodies"/> and <see cref="FuzzRequests"/>).</param>
/// <param name="Client">A client with a token of a role allowed on the route.</param>
/// <param name="Success">
/// Checks the JSON of a 2xx answer, throwing <see cref="FuzzFailure"/> when its shape is wrong; without it, a 2xx may
/// also be another media type (a CSV export).
/// </param>
/// <param name="Weight">How often the route is drawn, against the others.</param>
public sealed record FuzzRoute(string Name, Gen<FuzzRequest> Requests, HttpClient Client, Action<JsonElement>? Success = null, int Weight = 10);

/// <summary>One answer of the run, kept for the consistency checks that follow it.</summary>
/// <summary>An answer; <paramref name="Replayed"/> when it repeats an earlier one for the same idempotency key (it changed nothing).</summary>
public sealed record FuzzAnswer(string Route, int Status, JsonElement? Json, bool Replayed);

/// <summary>
/// Sends generated requests to routes and checks every answer: never a 5xx; every 4xx is problem details
/// (<c>application/problem+json</c> with <c>status</c>, <c>title</c>, <c>type</c> and <c>traceId</c>); every 2xx with a
/// body is JSON of the route's shape. CsCheck draws the requests; on a failure it keeps sampling for a simpler
/// failing request and reports it with the seed that reproduces it (<c>CsCheck_Seed</c>).
/// </summary>
public sealed class Fuzzer(IReadOnlyList<FuzzRoute> routes)
{
    private const string ProblemMediaType = "application/problem+json";
    /// <summary>The header the services set on an answer repeated for an idempotency key (IdempotencyMiddleware).</summary>
    private const string ReplayedHeader = "Idempotency-Replayed";
    private readonly ConcurrentQueue<FuzzAnswer> _answers = new();
    private int _sent;

    public IReadOnlyCollection<FuzzAnswer> Answers => _answers;

    public int Sent => _sent;

    /// <summary>
    /// The ids of the resources a route created (its 201 answers). A replayed answer that showed a secret comes back
    /// without its body (the idempotency store does not keep it); its first answer already counted the resource.
    /// </summary>
    public IReadOnlySet<string> Created(string route) => _answers
        .Where(a => a.Route == route && a.Status == 201 && a.Json is not null)
        .Select(a => a.Json!.Value.GetProperty("id").GetString()!)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// How many answers of <paramref name="route"/> had <paramref name="status"/>, not counting replays: a hostile
    /// idempotency key the generator sends again on the same request gets the first answer back, and nothing is done twice.
    /// </summary>
    public int Count(string route, int status) => _answers.Count(a => a.Route == route && a.Status == status && !a.Replayed);

    public async Task RunAsync(int requests, ITestOutputHelper? output)
    {
        var gen = Gen.Frequency(routes.Select(r => (r.Weight, (IGen<(FuzzRoute Route, FuzzRequest Request)>)r.Requests.Select(request => (r, request)))).ToArray());
        output?.WriteLine($"fuzzing {routes.Count} routes with {requests} requests; a failure prints the CsCheck_Seed that reproduces it");
        try
        {
            await gen.SampleAsync(c => SendAsync(c.Route, c.Request), writeLine: output is null ? null : output.WriteLine,
                iter: requests, threads: 1, print: c => $"{c.Route.Name}: {c.Request}");
        }
        finally
        {
            output?.WriteLine($"{_sent} requests sent; answers: " + string.Join(", ", _answers
                .GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        }
    }

    private async Task SendAsync(FuzzRoute route, FuzzRequest request)
    {
        using var message = request.ToMessage();
        using var response = await route.Client.SendAsync(message, TestContext.Current.CancellationToken);
        Interlocked.Increment(ref _sent);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var excerpt = text.Length > 300 ? text[..300] : text;
        if (status >= 500)
        {
            throw new FuzzFailure($"answered {status}: {excerpt}");
        }
        JsonElement? json = null;
        if (status >= 400)
        {
            if (response.Content.Headers.ContentType?.MediaType != ProblemMediaType)
            {
                throw new FuzzFailure($"answered {status} as {response.Content.Headers.ContentType?.MediaType ?? "no body"}, not problem details: {excerpt}");
            }
            var problem = Parse(text, status);
            Shape.Object(problem, "status", "title", "type", "traceId");
            if (problem.GetProperty("status").GetInt32() != status)
            {
                throw new FuzzFailure($"answered {status} with a problem of status {problem.GetProperty("status")}");
            }
        }
        else if (text.Length > 0 && (route.Success is not null || response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true))
        {
            json = Parse(text, status);
            route.Success?.Invoke(json.Value);
        }
        _answers.Enqueue(new FuzzAnswer(route.Name, status, json,
            response.Headers.TryGetValues(ReplayedHeader, out var replayed) && replayed.Contains("true")));
    }

    private static JsonElement Parse(string text, int status)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new FuzzFailure($"answered {status} with a body that is not JSON ({exception.Message}): {text[..Math.Min(text.Length, 300)]}");
        }
    }
}

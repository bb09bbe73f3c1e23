using System.Text.Json.Nodes;
using CsCheck;

namespace Fabriques.Testing.Fuzzing;

/// <summary>One generated request: route, path and query, body, content type and extra headers.</summary>
public sealed record FuzzRequest(HttpMethod Method, string Path, FuzzBody? Body, string? ContentType, (string Name, string Value)[] Headers)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body.Bytes);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    public override string ToString() =>
        $"{Method} {Shorten(Path)} body: {Body?.Description ?? "none"}, Content-Type: {ContentType ?? "none"}, headers: "
        + string.Join(", ", Headers.Select(h => $"{h.Name} ({h.Value.Length} chars: {Shorten(h.Value)})"));

    private static string Shorten(string text) => text.Length > 120 ? $"{text[..120]}…" : text;
}

/// <summary>Generated requests: writes with bodies derived from a valid one, searches with hostile queries.</summary>
public static class FuzzRequests
{
    /// <summary>
    /// A write: <paramref name="validBody"/> and its mutations (none for a bodiless action), mostly as JSON, with the
    /// route's own <paramref name="headers"/> (e.g. <c>If-Match: *</c>) and sometimes hostile ones.
    /// </summary>
    public static Gen<FuzzRequest> Write(HttpMethod method, Gen<string> path, JsonNode? validBody, params (string Name, string Value)[] headers) =>
        Gen.Select(
            path,
            validBody is null ? Gen.Const((FuzzBody?)null) : JsonBodies.From(validBody).Select(b => (FuzzBody?)b),
            ContentType(),
            Headers,
            (p, body, contentType, hostile) => new FuzzRequest(method, p, body, body is null ? null : contentType, [.. headers, .. hostile]));

    /// <summary>A search or list: <paramref name="path"/> with a generated <see cref="Query"/>.</summary>
    public static Gen<FuzzRequest> Search(string path, IReadOnlyDictionary<string, string[]> parameters) =>
        Gen.Select(Query(parameters), Headers, (query, hostile) => new FuzzRequest(HttpMethod.Get, path + query, null, null, hostile));

    /// <summary>
    /// Query strings for a search or list route: one to four parameters among <paramref name="parameters"/> (repeats
    /// included), each with one of its valid values or a hostile one; sometimes no query at all.
    /// </summary>
    public static Gen<string> Query(IReadOnlyDictionary<string, string[]> parameters)
    {
        var pairs = parameters.Select(p => Gen.Frequency(
                (2, Gen.OneOf(p.Value)),
                (3, Gen.OneOf(HostileValues.QueryValues)))
            .Select(value => $"{p.Key}={value}"))
            .ToArray();
        return Gen.Frequency(
            (1, Gen.Const("")),
            (8, Gen.OneOf(pairs).Array[1, 4].Select(p => "?" + string.Join('&', p))));
    }

    /// <summary>Mostly no extra header; otherwise one to three hostile ones.</summary>
    public static Gen<(string Name, string Value)[]> Headers { get; } = Gen.Frequency(
        (3, Gen.Const(Array.Empty<(string, string)>())),
        (1, Gen.OneOf(HostileValues.Headers).Array[1, 3]));

    /// <summary>Mostly JSON, sometimes a wrong content type or none.</summary>
    public static Gen<string?> ContentType(string valid = "application/json") => Gen.Frequency(
        (8, Gen.Const((string?)valid)),
        (1, Gen.Const((string?)null)),
        (2, Gen.OneOf(HostileValues.ContentTypes).Select(t => (string?)t)));

    /// <summary>Ids for a route's <c>{id}</c>: mostly real ones (so the handler runs), or unknown, or not ids at all.</summary>
    public static Gen<string> Id(IReadOnlyList<string> known) => Gen.Frequency(
        (6, known.Count == 0 ? Gen.Const(Guid.NewGuid().ToString()) : Gen.Int[0, known.Count - 1].Select(i => known[i])),
        (1, Gen.Const(Guid.Empty.ToString())),
        (1, Gen.Guid.Select(g => g.ToString())),
        (1, Gen.OneOf("abc", "1", "%27%20OR%201%3D1--", new string('9', 500), "..%2F..%2Fetc", "%C3%28")));
}

/// <summary>Parses a 2xx body as JSON; the checks a route gives then say whether it has the expected shape.</summary>
public static class Shape
{
    public static void Object(System.Text.Json.JsonElement json, params string[] properties)
    {
        if (json.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            throw new FuzzFailure($"expected a JSON object, got {json.ValueKind}");
        }
        foreach (var property in properties.Where(p => !json.TryGetProperty(p, out _)))
        {
            throw new FuzzFailure($"the answer has no \"{property}\"");
        }
    }

    /// <summary>A page of the contract: <c>items, page, pageSize, total</c>, each item with <paramref name="itemProperties"/>.</summary>
    public static void Page(System.Text.Json.JsonElement json, params string[] itemProperties)
    {
        Object(json, "items", "page", "pageSize", "total");
        foreach (var item in json.GetProperty("items").EnumerateArray())
        {
            Object(item, itemProperties);
        }
    }
}

public sealed class FuzzFailure(string message) : Exception(message);


using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fabriques.Testing;

/// <summary>
/// The OpenAPI documents checked into <c>docs/openapi/{service}.json</c>: they must be what the service serves, and
/// every answer the service gives must be documented. <c>FABRIQUES_UPDATE_DOCUMENTS=1</c> rewrites them
/// (<c>eng/regenerate-documents.sh</c> does it for every service).
/// </summary>
public static class PublishedOpenApi
{
    public const string UpdateVariable = "FABRIQUES_UPDATE_DOCUMENTS";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<JsonNode> ServedAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!;

    /// <summary>Compares (or, with <see cref="UpdateVariable"/>, rewrites) the checked-in document.</summary>
    public static async Task AssertCheckedInAsync(HttpClient client, string service)
    {
        var served = (await ServedAsync(client)).ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
        var path = Path.Combine(Repository.Root, "docs", "openapi", service + ".json");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served, TestContext.Current.CancellationToken);
        }
        Assert.True(File.Exists(path), $"{path} is missing: run eng/regenerate-documents.sh");
        Assert.True(served == await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken),
            $"docs/openapi/{service}.json differs from what the service serves: run eng/regenerate-documents.sh");
    }

    /// <summary>"number or string" unions in a document: properties or parameters typed as both.</summary>
    public static int NumberOrStringUnions(JsonNode document) => Nodes(document).Count(n =>
        n is JsonObject o && o["type"] is JsonArray types
        && types.Any(t => t?.GetValue<string>() is "number" or "integer") && types.Any(t => t?.GetValue<string>() == "string"));

    /// <summary>"METHOD path (content type)" of every request body that shows no example.</summary>
    public static IReadOnlyList<string> RequestBodiesWithoutExample(JsonNode document) =>
        document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Path: path.Key, Method: operation.Key, Operation: operation.Value!)))
            .SelectMany(o => (o.Operation["requestBody"]?["content"]?.AsObject() ?? []).Select(content =>
                (Name: $"{o.Method.ToUpperInvariant()} {o.Path} ({content.Key})", HasExample: content.Value?["example"] is not null)))
            .Where(body => !body.HasExample)
            .Select(body => body.Name)
            .ToList();

    /// <summary>
    /// Calls every operation anonymously and with each role (random ids, an empty JSON object as body) and answers
    /// each "METHOD path → status" the document does not list.
    /// </summary>
    public static async Task<IReadOnlyList<string>> UndocumentedAnswersAsync(JsonNode document, IReadOnlyList<HttpClient> callers)
    {
        var undocumented = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var responses = operation!["responses"]!.AsObject().Select(r => r.Key).ToHashSet();
                var url = System.Text.RegularExpressions.Regex.Replace(path, "{([^}]+)}", m =>
                    m.Groups[1].Value is "year" ? "1" : Guid.CreateVersion7().ToString());
                foreach (var caller in callers)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
                    if (method is "post" or "put" or "patch")
                    {
                        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    }
                    using var response = await caller.SendAsync(request, TestContext.Current.CancellationToken);
                    var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    var documented = responses.Contains(status) || responses.Contains("default")
                                     || (response.IsSuccessStatusCode && responses.Any(r => r.StartsWith('2')));
                    if (!documented)
                    {
                        undocumented.Add($"{method.ToUpperInvariant()} {path} → {status}");
                    }
                }
            }
        }
        return undocumented.Distinct().ToList();
    }

    /// <summary>The callers of a walk: anonymous, then one client per role of the platform.</summary>
    public static IReadOnlyList<HttpClient> Callers(Func<HttpClient> anonymous, Func<string, string, HttpClient> withRole) =>
        [anonymous(), .. new[] { "porteur", "instructeur", "gestionnaire", "partenaire" }.Select(role => withRole("walker-" + role, role))];

    private static IEnumerable<JsonNode> Nodes(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).SelectMany(Nodes).Prepend(o),
        JsonArray a => a.SelectMany(Nodes).Prepend(a),
        null => [],
        _ => [node],
    };
}

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Fabriques.ServiceDefaults.OpenApi;

/// <summary>
/// What a request body must hold. The framework lists every constructor parameter of a body record as required, but
/// the serializer reads a body with members missing (they are null), and the endpoint's validation answers 400 naming
/// each missing field it needs: so the schemas only bodies use list nothing as required, and a generated client does
/// not make a caller send <c>"description": null</c>. Schemas answers use keep their list: answers hold every member.
/// </summary>
internal static class RequestSchemas
{
    public static void AddRequestSchemas(this OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            var schemas = document.Components?.Schemas;
            if (schemas is null)
            {
                return Task.CompletedTask;
            }
            var operations = document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []).ToList();
            var requestOnly = Reachable(operations.SelectMany(o => o.RequestBody?.Content?.Values ?? []).Select(m => m.Schema), schemas);
            requestOnly.ExceptWith(Reachable(
                operations.SelectMany(o => o.Responses?.Values.AsEnumerable() ?? []).SelectMany(r => r.Content?.Values ?? []).Select(m => m.Schema), schemas));
            foreach (var name in requestOnly)
            {
                if (schemas[name] is OpenApiSchema schema)
                {
                    schema.Required = new HashSet<string>();
                }
            }
            return Task.CompletedTask;
        });

    /// <summary>The names of the component schemas <paramref name="roots"/> refer to, directly or through others.</summary>
    private static HashSet<string> Reachable(IEnumerable<IOpenApiSchema?> roots, IDictionary<string, IOpenApiSchema> components)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<IOpenApiSchema?>(roots);
        while (pending.TryPop(out var schema))
        {
            switch (schema)
            {
                case OpenApiSchemaReference { Reference.Id: { } id } when names.Add(id) && components.TryGetValue(id, out var target):
                    pending.Push(target);
                    break;
                case OpenApiSchema inline:
                    foreach (var child in Children(inline))
                    {
                        pending.Push(child);
                    }
                    break;
            }
        }
        return names;
    }

    private static IEnumerable<IOpenApiSchema?> Children(OpenApiSchema schema) =>
        (schema.Properties?.Values ?? [])
        .Concat(schema.AllOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? [])
        .Append(schema.Items).Append(schema.AdditionalProperties);
}

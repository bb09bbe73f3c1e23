using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace Fabriques.ServiceDefaults.OpenApi;

/// <summary>
/// Names of the documents' component schemas. Endpoints declare their bodies as nested types (<c>Decide.Request</c>,
/// <c>CreateWave.Request</c>); the framework names a schema after the type's own name, so every <c>Request</c> of a
/// service would share one schema, the first one met, and a generated client would send the wrong body. A nested
/// type's schema is named after its enclosing types too: <c>DecideRequest</c>, <c>CreateWaveRequest</c>.
/// </summary>
internal static class SchemaNames
{
    public static string? Of(JsonTypeInfo info)
    {
        var name = OpenApiOptions.CreateDefaultSchemaReferenceId(info);
        return name is null ? null : Enclosing(info.Type) + name;
    }

    /// <summary>The enclosing types of <paramref name="type"/>, and of its generic arguments (<c>Paged&lt;ListCandidatures.Item&gt;</c>).</summary>
    private static string Enclosing(Type type)
    {
        var prefix = "";
        for (var outer = type.DeclaringType; outer is not null; outer = outer.DeclaringType)
        {
            prefix = outer.Name + prefix;
        }
        var element = type.IsArray ? type.GetElementType() : null;
        return element is not null ? Enclosing(element)
            : type.IsGenericType ? prefix + string.Concat(type.GetGenericArguments().Select(Enclosing))
            : prefix;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fabriques.ServiceDefaults.OpenApi;

/// <summary>
/// The example request body an endpoint shows in its OpenAPI operation: a real request object (or, for a CSV body,
/// its text), written with the service's own serializer, so the example is exactly what the endpoint accepts and a
/// renamed member or enum value changes it too. Redocly checks each example against its schema in CI.
/// </summary>
public sealed record RequestExample(object Value);

public static class RequestExamples
{
    /// <summary>Shows <paramref name="example"/> as the request body of this endpoint's OpenAPI operation.</summary>
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, object example) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestExample(example));

    internal static void AddRequestExamples(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var example = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestExample>().LastOrDefault();
            if (example is null || operation.RequestBody?.Content is not { } contents)
            {
                return Task.CompletedTask;
            }
            var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            foreach (var (contentType, media) in contents)
            {
                media.Example = example.Value is string text && !contentType.Contains("json", StringComparison.Ordinal)
                    ? JsonValue.Create(text)
                    : JsonSerializer.SerializeToNode(example.Value, example.Value.GetType(), json);
            }
            return Task.CompletedTask;
        });
}

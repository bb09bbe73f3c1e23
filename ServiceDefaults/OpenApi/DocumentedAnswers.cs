using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Fabriques.ServiceDefaults.OpenApi;

/// <summary>
/// Every operation of every service lists every status it can answer, with its problem schema: the ones the platform
/// gives on its own (authentication, roles, unknown resources, idempotency, preconditions, body limits, rate
/// limits, unavailability) are derived here from the endpoint's metadata, so no endpoint can forget them.
/// </summary>
public static class DocumentedAnswers
{
    public const string ProblemSchema = "ProblemDetails";
    private const string ProblemJson = "application/problem+json";

    public static IServiceCollection AddDocumentedAnswers(this IServiceCollection services) =>
        services.ConfigureAll<OpenApiOptions>(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                // The gateway serves the documents: the service's own address means nothing to a caller.
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                document.Components.Schemas.TryAdd(ProblemSchema, Problem());
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var method = context.Description.HttpMethod ?? "GET";
                var path = context.Description.RelativePath ?? "";
                var write = method is "POST" or "PUT" or "PATCH" or "DELETE";
                var anonymous = metadata.OfType<IAllowAnonymous>().Any();
                var authenticated = !anonymous && (metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<AuthorizationPolicy>().Any());
                var roles = metadata.OfType<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Roles) || !string.IsNullOrEmpty(a.Policy))
                            || metadata.OfType<AuthorizationPolicy>().Any(p => p.Requirements.OfType<RolesAuthorizationRequirement>().Any());
                var hasBody = context.Description.ParameterDescriptions.Any(p => p.Source.Id is "Body" or "Form" or "FormFile")
                              || operation.RequestBody is not null;
                var hasInput = hasBody || context.Description.ParameterDescriptions.Count > 0 || operation.Parameters is { Count: > 0 };

                operation.Responses ??= new OpenApiResponses();
                var document = context.Document!;
                void Add(int status, string description, bool when = true)
                {
                    if (when && !operation.Responses.ContainsKey(status.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    {
                        operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
                        {
                            Description = description,
                            Content = new Dictionary<string, OpenApiMediaType>
                            {
                                [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                            },
                        };
                    }
                }

                Add(StatusCodes.Status400BadRequest, "Malformed request or invalid field: `errors` names each field and rule.", hasInput);
                Add(StatusCodes.Status401Unauthorized, "No valid bearer token.", authenticated);
                Add(StatusCodes.Status403Forbidden, "The token's role may not do this.", authenticated && roles);
                Add(StatusCodes.Status404NotFound, "No such resource, or it belongs to someone else.", path.Contains('{', StringComparison.Ordinal));
                Add(StatusCodes.Status409Conflict, "State conflict, or a request with this Idempotency-Key is still running.", write);
                Add(StatusCodes.Status412PreconditionFailed, "If-Match does not match the current ETag: read it again.", method == "PUT");
                Add(StatusCodes.Status413PayloadTooLarge, "The body is larger than allowed.", hasBody);
                Add(StatusCodes.Status415UnsupportedMediaType, "The body's content type or charset is not accepted.", hasBody);
                Add(StatusCodes.Status422UnprocessableEntity, "A business rule is not met, or the Idempotency-Key was used for another request.", write);
                Add(StatusCodes.Status428PreconditionRequired, "If-Match is required.", method == "PUT");
                Add(StatusCodes.Status429TooManyRequests, "Too many requests: wait for Retry-After (gateway).");
                Add(StatusCodes.Status503ServiceUnavailable, "The service or one of its dependencies is unavailable: retry later.");
                return Task.CompletedTask;
            });
        });

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details; `detail` is French, for people; `type` is stable, for code.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["correlationId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
        Examples = [JsonNode.Parse("""
            {"type":"https://fabriques.anct.gouv.fr/problems/validation","title":"One or more validation errors occurred.",
             "status":400,"detail":"La requête contient des champs invalides.","instance":"POST /api/directory/places",
             "traceId":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","errors":{"pivot":["Le SIRET doit compter 14 chiffres."]}}
            """)!],
    };
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fabriques.ServiceDefaults.Authentication;

/// <summary>
/// The OpenID Connect discovery of a <see cref="DevelopmentTokens"/> issuer: what a service fetches, as from the real
/// identity provider, to verify its tokens. The gateway publishes it in Development, the tests' issuer always.
/// </summary>
public static class DevelopmentIssuer
{
    public const string MetadataPath = "/.well-known/openid-configuration";
    public const string KeysPath = "/.well-known/jwks.json";

    public static IEndpointRouteBuilder MapDevelopmentIssuer(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(MetadataPath, (HttpRequest request, DevelopmentTokens tokens) => TypedResults.Json(new Dictionary<string, object>
        {
            ["issuer"] = tokens.Settings.Issuer,
            ["jwks_uri"] = $"{request.Scheme}://{request.Host}{request.PathBase}{KeysPath}",
            ["id_token_signing_alg_values_supported"] = tokens.PublicKeys.Keys.Select(k => k.Alg).Distinct().ToArray(),
        })).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet(KeysPath, (DevelopmentTokens tokens) => TypedResults.Json(new
        {
            // Written field by field: the public parameters only, whatever the key object holds.
            keys = tokens.PublicKeys.Keys.Select(k => new { kty = k.Kty, crv = k.Crv, x = k.X, y = k.Y, kid = k.Kid, use = k.Use, alg = k.Alg }),
        })).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }
}

namespace Fabriques.ServiceDefaults.Authentication;

/// <summary>
/// Configuration section <c>Jwt</c>. Tokens are verified against the public keys the <see cref="Authority"/> publishes
/// (its OpenID Connect metadata and JWKS): no process of the platform holds a key that could mint a token, except the
/// gateway's development issuer, in Development only.
/// </summary>
public sealed class JwtSettings
{
    public const string SectionName = "Jwt";
    public const string DefaultIssuer = "https://fabriques.anct.gouv.fr/dev";
    public const string DefaultAudience = "fabriques-api";

    /// <summary>RFC 9068 access tokens; an identity provider that types its access tokens otherwise is configured here.</summary>
    public const string AccessTokenType = "at+jwt";

    /// <summary>Configuration key of the shared HMAC key of earlier versions: refused, so a forgotten one is noticed.</summary>
    public const string RefusedSymmetricKey = "SigningKey";

    /// <summary>Base address of the OpenID Connect provider (in Development, the gateway's development issuer).</summary>
    public string? Authority { get; set; }

    public string Issuer { get; set; } = DefaultIssuer;
    public string Audience { get; set; } = DefaultAudience;

    /// <summary>Whether the Authority's metadata must be fetched over https: always, except on a developer's machine.</summary>
    public bool? RequireHttpsMetadata { get; set; }

    /// <summary>The <c>typ</c> header values accepted, so an ID token or another kind of JWT is not taken for an access token.</summary>
    public string[] TokenTypes { get; set; } = [AccessTokenType];
}

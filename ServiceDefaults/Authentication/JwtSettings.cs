namespace Fabriques.ServiceDefaults.Authentication;

/// <summary>
/// Configuration section <c>Jwt</c>. With an <see cref="Authority"/> the keys come from its OpenID metadata
/// (production identity provider); with a <see cref="SigningKey"/> tokens are HMAC-signed (the AppHost hands
/// the same generated key to the gateway, which issues development tokens, and to every service).
/// </summary>
public sealed class JwtSettings
{
    public const string SectionName = "Jwt";
    public const string DefaultIssuer = "https://fabriques.anct.gouv.fr/dev";
    public const string DefaultAudience = "fabriques-api";

    public string? Authority { get; set; }
    public string Issuer { get; set; } = DefaultIssuer;
    public string Audience { get; set; } = DefaultAudience;
    public string? SigningKey { get; set; }
}

using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fabriques.ServiceDefaults.Authentication;

/// <summary>
/// Issues ES256-signed access tokens like the identity provider would, with a key pair of its own made at start: the
/// gateway's development issuer and the tests' issuer. Only the public half leaves it, in <see cref="PublicKeys"/>.
/// </summary>
public sealed class DevelopmentTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly JwtSettings _settings;
    private readonly TimeProvider _time;

    public DevelopmentTokens(JwtSettings settings, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        var key = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var publicKey = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(
            new ECDsaSecurityKey(ECDsa.Create(key.ECDsa.ExportParameters(includePrivateParameters: false))));
        key.KeyId = publicKey.KeyId = Base64UrlEncoder.Encode(publicKey.ComputeJwkThumbprint());
        publicKey.Use = JsonWebKeyUseNames.Sig;
        publicKey.Alg = SecurityAlgorithms.EcdsaSha256;
        Credentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256);
        PublicKeys = new JsonWebKeySet { Keys = { publicKey } };
    }

    public JwtSettings Settings => _settings;

    /// <summary>The private key and algorithm tokens are signed with (tests craft malformed tokens with them).</summary>
    public SigningCredentials Credentials { get; }

    /// <summary>The JWKS to publish: the public key only.</summary>
    public JsonWebKeySet PublicKeys { get; }

    /// <summary>A token for <paramref name="subject"/>; <paramref name="regions"/> scope an instructeur to those régions.</summary>
    public string Issue(string subject, string? name, string? email, IEnumerable<string> roles, IEnumerable<string>? regions = null)
    {
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, subject) };
        if (name is not null)
        {
            claims.Add(new Claim(JwtAuthentication.NameClaim, name));
        }
        if (email is not null)
        {
            claims.Add(new Claim(JwtRegisteredClaimNames.Email, email));
        }
        claims.AddRange(roles.Select(r => new Claim(JwtAuthentication.RoleClaim, r)));
        claims.AddRange((regions ?? []).Select(r => new Claim(JwtAuthentication.RegionClaim, r)));

        var now = _time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _settings.Issuer,
            Audience = _settings.Audience,
            TokenType = JwtSettings.AccessTokenType,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = Credentials,
        });
    }
}

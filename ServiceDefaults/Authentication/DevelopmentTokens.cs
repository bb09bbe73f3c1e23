using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fabriques.ServiceDefaults.Authentication;

/// <summary>Issues HMAC-signed tokens like the identity provider would; used by the gateway in Development and by tests.</summary>
public sealed class DevelopmentTokens(JwtSettings settings, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>A token for <paramref name="subject"/>; <paramref name="regions"/> scope an instructeur to those régions.</summary>
    public string Issue(string subject, string? name, string? email, IEnumerable<string> roles, IEnumerable<string>? regions = null)
    {
        if (settings.SigningKey is not { Length: > 0 } key)
        {
            throw new InvalidOperationException("Jwt:SigningKey is not configured.");
        }

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

        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(JwtAuthentication.SigningKey(key), SecurityAlgorithms.HmacSha256),
        });
    }
}

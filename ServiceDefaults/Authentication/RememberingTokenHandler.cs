using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fabriques.ServiceDefaults.Authentication;

/// <summary>
/// Verifies a token fully the first time this process sees it, then remembers that it is valid until it expires, for
/// at most <see cref="MaxAge"/>: a caller sends the same token with every request, and verifying its signature each
/// time was most of what authentication cost. Only valid tokens are remembered, by their SHA-256, never their text;
/// each request still gets its own identity and goes through the subject check and the authorization (ADR 0017).
/// </summary>
internal sealed class RememberingTokenHandler : JsonWebTokenHandler
{
    /// <summary>How long a verified token is trusted without verifying it again, if it does not expire sooner.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>Far more than the callers active within <see cref="MaxAge"/>; beyond, the oldest are verified again.</summary>
    private const int MaxTokens = 10_000;

    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = MaxTokens, CompactionPercentage = 0.25 });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var key = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (_valid.TryGetValue(key, out TokenValidationResult? known))
        {
            return Copy(known!);
        }
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            var expires = new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero);
            var latest = DateTimeOffset.UtcNow + MaxAge;
            _ = result.ClaimsIdentity; // built now, once, rather than lazily by two requests at once
            _valid.Set(key, result, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expires < latest ? expires : latest });
        }
        return result;
    }

    /// <summary>A result of its own for each request: whatever a request does to its identity stays in that request.</summary>
    private static TokenValidationResult Copy(TokenValidationResult known) => new()
    {
        IsValid = true,
        SecurityToken = known.SecurityToken,
        ClaimsIdentity = known.ClaimsIdentity.Clone(),
        Issuer = known.Issuer,
        TokenType = known.TokenType,
    };
}

using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Fabriques.UseCases;

/// <summary>Who calls: the one way every service reads the caller's subject and requires roles.</summary>
public static class Caller
{
    /// <summary>The caller's subject (<c>sub</c>); <see cref="RequireRoles"/> guarantees there is one.</summary>
    public static string Subject(this ClaimsPrincipal user) => user.FindFirstValue(JwtRegisteredClaimNames.Sub)!;

    /// <summary>Only callers with one of <paramref name="roles"/> and a subject (the owner of what they create or change).</summary>
    public static RouteHandlerBuilder RequireRoles(this RouteHandlerBuilder endpoint, params string[] roles) =>
        endpoint.RequireAuthorization(policy => policy.RequireRole(roles).RequireClaim(JwtRegisteredClaimNames.Sub));
}

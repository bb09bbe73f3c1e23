using System.Security.Claims;
using Fabriques.ServiceDefaults.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Fabriques.Candidature.Features;

/// <summary>Who calls, and what they may see.</summary>
public static class Access
{
    /// <summary>Only callers with one of <paramref name="roles"/> and a subject (the owner of what they create).</summary>
    public static RouteHandlerBuilder RequireRoles(this RouteHandlerBuilder endpoint, params string[] roles) =>
        endpoint.RequireAuthorization(policy => policy.RequireRole(roles).RequireClaim(JwtRegisteredClaimNames.Sub));

    public static string Subject(this ClaimsPrincipal user) => user.FindFirstValue(JwtRegisteredClaimNames.Sub)!;

    /// <summary>Reviewers and managers see every candidature; a porteur only their own.</summary>
    public static bool SeesEveryCandidature(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Instructeur) || user.IsInRole(Roles.Gestionnaire);
}

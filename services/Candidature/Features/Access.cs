using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.UseCases;

namespace Fabriques.Candidature.Features;

/// <summary>What a caller may see.</summary>
public static class Access
{
    /// <summary>Reviewers and managers see candidatures beyond their own; a porteur only their own.</summary>
    public static bool SeesEveryCandidature(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Instructeur) || user.IsInRole(Roles.Gestionnaire);

    /// <summary>
    /// The régions a regional instructeur works for; empty for everyone else (a national instructeur, a gestionnaire,
    /// a porteur), whose view the régions do not narrow.
    /// </summary>
    public static IReadOnlyList<string> Regions(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Instructeur) && !user.IsInRole(Roles.Gestionnaire)
            ? [.. user.FindAll(JwtAuthentication.RegionClaim).Select(c => c.Value).Distinct()]
            : [];

    /// <summary>
    /// The candidatures <paramref name="user"/> may see: a porteur their own; a regional instructeur those of places in
    /// their régions (a candidature of a place the service does not know yet is in none); the others every one.
    /// Anything else answers 404, exactly as a candidature that does not exist.
    /// </summary>
    public static IQueryable<Dossier> VisibleTo(this IQueryable<Dossier> candidatures, ClaimsPrincipal user, CandidatureDbContext db)
    {
        if (!user.SeesEveryCandidature())
        {
            var subject = user.Subject();
            return candidatures.Where(d => d.OwnerId == subject);
        }
        var regions = user.Regions();
        return regions.Count == 0
            ? candidatures
            : candidatures.Where(d => db.Places.Any(p => p.Id == d.PlaceId && regions.Contains(p.RegionCode)));
    }
}

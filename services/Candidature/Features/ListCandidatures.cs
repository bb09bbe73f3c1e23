using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Places;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Http;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Candidature.Features;

/// <summary>
/// <c>GET /</c>: managers and national reviewers list every candidature, regional reviewers those of their régions, a
/// porteur their own; filtered by wave, state, département and région (of the place, as the directory knows it),
/// digital and the instructeur in charge (<c>assignedTo=me</c>); paged.
/// </summary>
public static class ListCandidatures
{
    /// <summary>A line of the list; the full candidature and its history are at <c>GET /{id}</c>.</summary>
    public sealed record Item(
        Guid Id, Guid PlaceId, string OwnerId, Guid? WaveId, CandidatureState State, string DsState, string ProjectTitle,
        string OrganisationName, TerritoryKind? Territory, bool Digital, Funding Funding, string? AssignedTo, DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt);

    /// <summary>The value of <c>assignedTo</c> that stands for the caller.</summary>
    public const string Me = "me";

    public static RouteGroupBuilder MapListCandidatures(this RouteGroupBuilder group)
    {
        group.MapGet("/", HandleAsync)
            .RequireRoles(Roles.Porteur, Roles.Instructeur, Roles.Gestionnaire)
            .WithName("ListCandidatures")
            .WithSummary("List candidatures (a porteur sees their own, a regional instructeur their régions'), filtered by wave, state, department, region, digital, assignedTo")
            .Produces<Paged<Item>>()
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<IResult> HandleAsync(
        ClaimsPrincipal user, CandidatureDbContext db, string? wave, string? state, string? department, string? region, string? digital,
        string? assignedTo, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = PageRequest.From(page, pageSize, errors);
        Guid waveId = default;
        errors.AddIf(wave is not null && !Guid.TryParse(wave, out waveId), "wave", "L'identifiant de vague n'est pas un UUID.");
        CandidatureState stateFilter = default;
        errors.AddIf(state is not null && !KebabCase<CandidatureState>.TryParse(state, out stateFilter), "state",
            $"État inconnu : {string.Join(", ", KebabCase<CandidatureState>.All)}.");
        errors.AddIf(department is not null && !DepartmentCode.IsValid(department), "department",
            "Le code de département a 2 caractères (01, 2A, 2B, 95) ou 3 outre-mer (971 à 976).");
        errors.AddIf(region is not null && region is not [>= '0' and <= '9', >= '0' and <= '9'], "region",
            "Le code de région INSEE a 2 chiffres (44 pour le Grand Est).");
        errors.AddIf(assignedTo is not null && (assignedTo.Length is 0 or > JwtAuthentication.MaxSubjectLength), "assignedTo",
            $"Indiquez « {Me} » ou l'identifiant d'un instructeur (200 caractères au plus).");
        errors.AddIf(assignedTo is not null && !StorableText.IsStorable(assignedTo), "assignedTo", StorableText.Problem);
        bool digitalFilter = default;
        errors.AddIf(digital is not null && !bool.TryParse(digital, out digitalFilter), "digital", "Valeur attendue : true ou false.");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var query = db.Candidatures.AsNoTracking().VisibleTo(user, db);
        if (wave is not null)
        {
            query = query.Where(d => d.WaveId == waveId);
        }
        if (state is not null)
        {
            query = query.Where(d => d.State == stateFilter);
        }
        if (department is not null)
        {
            query = query.Where(d => db.Places.Any(p => p.Id == d.PlaceId && p.DepartmentCode == department));
        }
        if (region is not null)
        {
            query = query.Where(d => db.Places.Any(p => p.Id == d.PlaceId && p.RegionCode == region));
        }
        if (assignedTo is not null)
        {
            var instructeur = assignedTo == Me ? user.Subject() : assignedTo;
            query = query.Where(d => d.AssignedTo == instructeur);
        }
        if (digital is not null)
        {
            query = query.Where(d => d.Digital == digitalFilter);
        }

        var total = await query.LongCountAsync(ct);
        var rows = await query
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(d => new
            {
                d.Id, d.PlaceId, d.OwnerId, d.WaveId, d.State, d.Project.Title, d.Applicant.OrganisationName, d.Territory.Kind,
                d.Digital, d.Funding, d.AssignedTo, d.CreatedAt, d.UpdatedAt,
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new Item(
            r.Id, r.PlaceId, r.OwnerId, r.WaveId, r.State, DsState.Of(r.State), r.Title, r.OrganisationName, r.Kind, r.Digital, r.Funding,
            r.AssignedTo, r.CreatedAt, r.UpdatedAt)).ToList();
        return TypedResults.Ok(paging.Of(items, total));
    }
}

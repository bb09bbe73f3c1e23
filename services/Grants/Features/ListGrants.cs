using System.Text.Json;
using Fabriques.Contracts.Places;
using Fabriques.Grants.Data;
using Fabriques.Grants.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Grants.Features;

/// <summary><c>GET /</c>: a gestionnaire lists the grants, filtered by state, département and digital; paged.</summary>
public static class ListGrants
{
    private static readonly Dictionary<string, GrantState> States = Enum.GetValues<GrantState>()
        .ToDictionary(s => JsonNamingPolicy.KebabCaseLower.ConvertName(s.ToString()), StringComparer.Ordinal);

    public static RouteGroupBuilder MapListGrants(this RouteGroupBuilder group)
    {
        group.MapGet("/", HandleAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Gestionnaire))
            .WithName("ListGrants")
            .WithSummary("List grants, newest first; filters: state (active, completed, cancelled), department, digital")
            .Produces<Paged<GrantResponse>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        GrantsDbContext db, CancellationToken ct,
        string? state = null, string? department = null, string? digital = null, int? page = null, int? pageSize = null)
    {
        var errors = new ValidationErrors();
        var paging = PageRequest.From(page, pageSize, errors);
        GrantState? stateFilter = null;
        if (state is not null)
        {
            errors.AddIf(!States.TryGetValue(state, out var parsed), "state", $"L'état vaut {string.Join(", ", States.Keys)}.");
            stateFilter = parsed;
        }
        var code = department?.Trim().ToUpperInvariant();
        errors.AddIf(code is not null && !DepartmentCode.IsValid(code), "department",
            "Le code de département a 2 caractères (01, 2A, 2B, 95) ou 3 outre-mer (971 à 976).");
        bool? digitalFilter = null;
        if (digital is not null)
        {
            errors.AddIf(!bool.TryParse(digital, out var parsed), "digital", "Le filtre numérique vaut true ou false.");
            digitalFilter = parsed;
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var grants = db.GrantsToRead();
        if (stateFilter is { } s)
        {
            grants = grants.Where(g => g.State == s);
        }
        if (code is not null)
        {
            grants = grants.Where(g => g.DepartmentCode == code);
        }
        if (digitalFilter is { } d)
        {
            grants = grants.Where(g => g.Digital == d);
        }

        var total = await grants.LongCountAsync(ct);
        var items = await grants.OrderByDescending(g => g.AwardedAt).ThenByDescending(g => g.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .ToListAsync(ct);
        return TypedResults.Ok(paging.Of(items.Select(GrantResponse.From).ToList(), total));
    }
}

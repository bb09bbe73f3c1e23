using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Candidature.Features;

/// <summary><c>GET /waves</c> and <c>GET /waves/{id}</c>: anyone sees the waves of the call, in chronological order.</summary>
public static class ListWaves
{
    public static RouteGroupBuilder MapListWaves(this RouteGroupBuilder group)
    {
        group.MapGet("/waves", ListAsync)
            .AllowAnonymous()
            .WithName("ListWaves")
            .WithSummary("List the waves of the call with their state (scheduled, open, closed); paged")
            .Produces<Paged<WaveResponse>>()
            .ProducesValidationProblem();
        group.MapGet("/waves/{id:guid}", GetAsync)
            .AllowAnonymous()
            .WithName("GetWave")
            .WithSummary("Read one wave")
            .Produces<WaveResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> ListAsync(CandidatureDbContext db, TimeProvider time, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = PageRequest.From(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var now = time.GetUtcNow();
        var total = await db.Waves.LongCountAsync(ct);
        var waves = await db.Waves.AsNoTracking().OrderBy(w => w.OpensAt).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return TypedResults.Ok(paging.Of(waves.Select(w => WaveResponse.From(w, now)).ToList(), total));
    }

    private static async Task<IResult> GetAsync(Guid id, CandidatureDbContext db, TimeProvider time, CancellationToken ct)
    {
        var wave = await db.Waves.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, ct);
        return wave is null ? Problems.Refusals.ToProblem(CandidatureRefusals.UnknownWave(id)) : TypedResults.Ok(WaveResponse.From(wave, time.GetUtcNow()));
    }
}

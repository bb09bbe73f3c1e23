using Fabriques.Grants.Data;
using Fabriques.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Grants.Features;

/// <summary><c>GET /programme</c>: anyone reads the programme's envelope, spending and targets.</summary>
public static class GetProgramme
{
    public static RouteGroupBuilder MapGetProgramme(this RouteGroupBuilder group)
    {
        group.MapGet("/programme", HandleAsync)
            .AllowAnonymous()
            .WithName("GetProgramme")
            .WithSummary("Read the programme: envelope, committed, paid, remaining, targets and their counts (ETag for PUT)")
            .Produces<ProgrammeResponse>();
        return group;
    }

    private static async Task<IResult> HandleAsync(HttpResponse response, GrantsDbContext db, CancellationToken ct)
    {
        // One snapshot, so the money and the counts agree with each other.
        var (programme, usage) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, token);
            return (await db.Programmes.AsNoTracking().SingleAsync(token), await db.UsageAsync(token));
        }, ct);
        response.SetETag(programme.Version);
        return TypedResults.Ok(ProgrammeResponse.From(programme, usage));
    }
}

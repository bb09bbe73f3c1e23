using Fabriques.Grants.Data;
using Fabriques.Grants.Domain;
using Fabriques.ServiceDefaults.Authentication;

namespace Fabriques.Grants.Features;

/// <summary>
/// <c>GET /programme/consistency</c>: a gestionnaire checks that decisions, grants and labels agree, as far as the
/// grants service has learnt from the other services' events. A violation that disappears on the next call was an
/// event still in flight; one that stays is for the runbook (docs/operations.md).
/// </summary>
public static class CheckConsistency
{
    public sealed record Response(DateTimeOffset CheckedAt, IReadOnlyList<Violation> Violations);

    public static RouteGroupBuilder MapCheckConsistency(this RouteGroupBuilder group)
    {
        group.MapGet("/programme/consistency", HandleAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Gestionnaire))
            .WithName("CheckProgrammeConsistency")
            .WithSummary("Check that every grant held has an accepted candidature, every accepted candidature a grant, every label a grant")
            .Produces<Response>();
        return group;
    }

    private static async Task<IResult> HandleAsync(GrantsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var violations = await db.ViolationsAsync(ct);
        return TypedResults.Ok(new Response(time.GetUtcNow(), violations));
    }
}

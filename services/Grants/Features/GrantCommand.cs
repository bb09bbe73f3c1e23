using Fabriques.Grants.Data;
using Fabriques.Grants.Domain;

namespace Fabriques.Grants.Features;

/// <summary>How every change of a grant runs: on the locked grant, all or nothing, answering the grant as it became.</summary>
internal static class GrantCommand
{
    /// <summary>
    /// Locks grant <paramref name="id"/> and applies <paramref name="change"/>, which answers a problem to refuse or null
    /// to save (with the events it published); 404 when there is no such grant.
    /// </summary>
    public static Task<IResult> RunAsync(GrantsDbContext db, Guid id, Func<Grant, IResult?> change, CancellationToken ct) =>
        db.InTransactionAsync(async token =>
        {
            var grant = await db.LockGrantAsync(id, token);
            if (grant is null)
            {
                return GrantProblems.GrantNotFound(id);
            }
            if (change(grant) is { } problem)
            {
                return problem;
            }
            await db.SaveChangesAsync(token);
            return (IResult)TypedResults.Ok(GrantResponse.From(grant));
        }, ct);
}

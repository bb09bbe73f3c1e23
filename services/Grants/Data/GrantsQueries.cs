using Fabriques.Contracts.Candidature;
using Fabriques.Grants.Domain;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Grants.Data;

public static class GrantsQueries
{
    /// <summary>
    /// The programme, locked (<c>FOR UPDATE</c>) until the transaction ends: whoever changes the envelope or awards a
    /// grant waits for the one before, and then sees everything it committed.
    /// </summary>
    public static Task<Programme> LockProgrammeAsync(this GrantsDbContext db, CancellationToken ct) =>
        db.Programmes.FromSql($"SELECT *, xmin FROM programmes WHERE id = {Programme.TheProgramme} FOR UPDATE").SingleAsync(ct);

    /// <summary>The grant, locked until the transaction ends (two payments cannot interleave), with all it holds.</summary>
    public static async Task<Grant?> LockGrantAsync(this GrantsDbContext db, Guid id, CancellationToken ct)
    {
        var grant = await db.Grants.FromSql($"SELECT * FROM grants WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (grant is not null)
        {
            await db.Entry(grant).Collection(g => g.Instalments).LoadAsync(ct);
            await db.Entry(grant).Collection(g => g.Ledger).LoadAsync(ct);
        }
        return grant;
    }

    /// <summary>Grants with their instalments and ledger, for reading.</summary>
    public static IQueryable<Grant> GrantsToRead(this GrantsDbContext db) =>
        db.Grants.AsNoTracking().Include(g => g.Instalments).Include(g => g.Ledger).AsSplitQuery();

    /// <summary>The money committed and paid according to the ledger, and the grants counted against each target.</summary>
    public static async Task<ProgrammeUsage> UsageAsync(this GrantsDbContext db, CancellationToken ct)
    {
        var sums = await db.LedgerEntries
            .GroupBy(e => e.Kind)
            .Select(g => new { Kind = g.Key, Amount = g.Sum(e => e.Amount) })
            .ToDictionaryAsync(s => s.Kind, s => s.Amount, ct);
        var counts = await db.Grants
            .Where(g => g.State != GrantState.Cancelled)
            .GroupBy(g => new { g.Territory, g.Digital })
            .Select(g => new { g.Key.Territory, g.Key.Digital, Count = g.Count() })
            .ToListAsync(ct);
        return new ProgrammeUsage(
            Committed: sums.GetValueOrDefault(LedgerEntryKind.Awarded) - sums.GetValueOrDefault(LedgerEntryKind.Released),
            Paid: sums.GetValueOrDefault(LedgerEntryKind.Paid),
            Qpv: counts.Where(c => c.Territory == TerritoryKind.Qpv).Sum(c => c.Count),
            Digital: counts.Where(c => c.Digital).Sum(c => c.Count),
            OutsideLargeUrbanCentres: counts.Where(c => c.Territory == TerritoryKind.OutsideLargeUrbanCentres).Sum(c => c.Count));
    }

    /// <summary>
    /// The programme's consistency violations (see <see cref="Consistency"/>), read in one snapshot so a grant and the
    /// standing it is compared with belong to the same moment.
    /// </summary>
    public static Task<IReadOnlyList<Violation>> ViolationsAsync(this GrantsDbContext db, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, token);
            var grants = await db.Grants.AsNoTracking().Include(g => g.Instalments).AsSplitQuery().ToListAsync(token);
            var standings = await db.Standings.AsNoTracking().ToListAsync(token);
            var labels = await db.PlaceLabels.AsNoTracking().Where(l => l.Held).ToListAsync(token);
            return Consistency.Check(grants, standings, labels);
        }, ct);
}

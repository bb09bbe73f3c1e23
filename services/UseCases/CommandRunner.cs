using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.UseCases;

/// <summary>
/// How every write endpoint runs: load (with its lock) → domain rule → save → publish, in one retried transaction
/// (<see cref="Transactions.InTransactionAsync{T}"/>), so the change and the outbox rows of its events commit together
/// or not at all. A refusal rolls everything back and becomes the service's problem (<see cref="RefusalProblems"/>);
/// the answer is built only once the transaction committed.
/// </summary>
public static class CommandRunner
{
    public static async Task<IResult> RunAsync<T>(DbContext db, RefusalProblems problems, Command<T> command, CancellationToken ct)
        where T : class
    {
        try
        {
            var (problem, committed) = await db.InTransactionAsync<(IResult? Problem, T? Committed)>(async token =>
            {
                var aggregate = await command.Load(token);
                if (aggregate is null)
                {
                    return (problems.ToProblem(command.NotFound ?? throw new InvalidOperationException($"No {typeof(T).Name} to change.")), null);
                }
                if (command.Precondition?.Invoke(aggregate) is { } precondition)
                {
                    return (precondition, null);
                }
                if (command.Rule is not null && await command.Rule(aggregate, token) is { } refusal)
                {
                    return (problems.ToProblem(refusal), null); // rolled back: nothing of the rule is kept
                }
                await db.SaveChangesAsync(token); // with the outbox rows of the events the rule published
                return (null, aggregate);
            }, ct);
            return problem ?? command.Answer(committed!);
        }
        catch (DbUpdateException exception) when (command.SaveRefusal is not null)
        {
            db.ChangeTracker.Clear(); // what failed to save must not be saved by whatever reads next
            if (await command.SaveRefusal(exception, ct) is { } refusal)
            {
                return problems.ToProblem(refusal);
            }
            throw;
        }
    }
}

using Fabriques.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.UseCases;

/// <summary>
/// One write, as <see cref="CommandRunner"/> runs it: <paramref name="Load"/> the aggregate to change (locked where the
/// service locks), or make the new one and add it to the context; let <see cref="Rule"/> decide (the domain; the rule
/// publishes its events to the outbox); save; then <paramref name="Answer"/> once committed.
/// </summary>
public sealed record Command<T>(Func<CancellationToken, Task<T?>> Load, Func<T, IResult> Answer) where T : class
{
    /// <summary>The domain rule: null to save, or why not (everything is then rolled back). None for a plain creation.</summary>
    public Func<T, CancellationToken, Task<Refusal?>>? Rule { get; init; }

    /// <summary>The refusal when <see cref="Load"/> finds nothing (e.g. 404); none for an aggregate that always exists.</summary>
    public Refusal? NotFound { get; init; }

    /// <summary>HTTP preconditions checked on the loaded aggregate before the rule (e.g. <c>If-Match</c>): null to go on.</summary>
    public Func<T, IResult?>? Precondition { get; init; }

    /// <summary>What a save the database refused means (a concurrent change, a unique index), or null to let it fail.</summary>
    public Func<DbUpdateException, CancellationToken, Task<Refusal?>>? SaveRefusal { get; init; }
}

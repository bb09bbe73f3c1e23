using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Contracts;
using Fabriques.Messaging.Background;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Candidature.Features;

/// <summary>
/// <c>POST /waves</c>: a manager schedules a wave of the call. Waves may not overlap: the database refuses it even
/// when two are created at the same moment.
/// </summary>
public static class CreateWave
{
    public const int MaxMaxLaureates = 1000;

    /// <summary>The calendar a wave can sensibly be scheduled in.</summary>
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    /// <summary><see cref="RequiredDocuments"/>: kinds of document a candidature needs to be submitted to the wave.</summary>
    public sealed record Request(string? Name, DateTimeOffset? OpensAt, DateTimeOffset? Deadline, int? MaxLaureates, string?[]? RequiredDocuments = null);

    public static RouteGroupBuilder MapCreateWave(this RouteGroupBuilder group)
    {
        group.MapPost("/waves", HandleAsync)
            .RequireRoles(Roles.Gestionnaire)
            .WithName("CreateWave")
            .WithRequestExample(new Request("Vague de printemps 2027", new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(1)),
                new DateTimeOffset(2027, 5, 31, 18, 0, 0, TimeSpan.FromHours(2)), 30, ["statuts", "budget-previsionnel"]))
            .WithSummary("Schedule a wave of the call (waves may not overlap)")
            .Produces<WaveResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Request request, ClaimsPrincipal user, CandidatureDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        var name = Text.Read(request.Name, "name", 200, errors);
        errors.AddIf(request.OpensAt is null, "opensAt", "Indiquez la date d'ouverture (ISO 8601 avec fuseau, par exemple 2027-01-15T09:00:00+01:00).");
        errors.AddIf(request.Deadline is null, "deadline", "Indiquez la date limite de dépôt (ISO 8601 avec fuseau).");
        errors.AddIf(request.OpensAt is { Year: < MinYear or > MaxYear }, "opensAt", $"La date d'ouverture est comprise entre {MinYear} et {MaxYear}.");
        errors.AddIf(request.Deadline is { Year: < MinYear or > MaxYear }, "deadline", $"La date limite est comprise entre {MinYear} et {MaxYear}.");
        errors.AddIf(request.Deadline <= request.OpensAt, "deadline", "La date limite doit suivre la date d'ouverture.");
        errors.AddIf(request.Deadline <= now, "deadline", "La date limite est déjà passée : une vague se programme pour l'avenir.");
        var maxLaureates = request.MaxLaureates ?? Wave.DefaultMaxLaureates;
        errors.AddIf(maxLaureates is < 1 or > MaxMaxLaureates, "maxLaureates", $"Le nombre maximal de lauréats est compris entre 1 et {MaxMaxLaureates}.");
        var requiredDocuments = new List<DocumentKind>();
        foreach (var (kind, i) in (request.RequiredDocuments ?? []).Select((k, i) => (k, i)))
        {
            if (KebabCase<DocumentKind>.TryParse(kind, out var parsed))
            {
                requiredDocuments.Add(parsed);
            }
            else
            {
                errors.Add($"requiredDocuments[{i}]", $"Nature de document inconnue ; natures possibles : {string.Join(", ", KebabCase<DocumentKind>.All)}.");
            }
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (opensAt, deadline) = (request.OpensAt!.Value, request.Deadline!.Value);
        var schedule = new Command<Wave>(
            _ =>
            {
                db.WakeAfterCommit<WaveSignal>();
                return Task.FromResult<Wave?>(db.Waves.Add(Wave.Schedule(name!, opensAt, deadline, maxLaureates, user.Subject(), now, requiredDocuments)).Entity);
            },
            wave => TypedResults.Created($"/api/candidatures/waves/{wave.Id}", WaveResponse.From(wave, now)))
        {
            SaveRefusal = (exception, token) => CreateWave.OverlapOfAsync(db, exception, opensAt, deadline, token),
        };
        return await CommandRunner.RunAsync(db, Problems.Refusals, schedule, ct);
    }

    /// <summary>
    /// The refusal of a save the database refused because the period from <paramref name="opensAt"/> to
    /// <paramref name="deadline"/> overlaps waves already scheduled (named in it); null for any other failure.
    /// </summary>
    public static async Task<Refusal?> OverlapOfAsync(
        CandidatureDbContext db, DbUpdateException exception, DateTimeOffset opensAt, DateTimeOffset deadline, CancellationToken ct)
    {
        if (exception.InnerException is not PostgresException
            {
                SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: CandidatureDbContext.WavesDoNotOverlap,
            })
        {
            return null;
        }
        var overlapping = await db.Waves.AsNoTracking()
            .Where(w => w.OpensAt < deadline && opensAt < w.Deadline)
            .OrderBy(w => w.OpensAt)
            .Select(w => w.Name)
            .ToListAsync(ct);
        return CandidatureRefusals.Overlapping(overlapping);
    }
}

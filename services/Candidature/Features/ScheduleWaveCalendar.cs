using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Messaging.Background;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Candidature.Features;

/// <summary>
/// <c>POST /waves/calendar</c>: a manager schedules the permanent call's waves in one go, one a quarter from
/// <c>from</c> to <c>until</c>, each opening when the previous one closes. All or nothing: a calendar that overlaps a
/// wave already scheduled is refused (409) and creates none.
/// </summary>
public static class ScheduleWaveCalendar
{
    public sealed record Request(DateTimeOffset? From, DateTimeOffset? Until, string? Every, int? MaxLaureates);

    public static RouteGroupBuilder MapScheduleWaveCalendar(this RouteGroupBuilder group)
    {
        group.MapPost("/waves/calendar", HandleAsync)
            .RequireRoles(Roles.Gestionnaire)
            .WithName("ScheduleWaveCalendar")
            .WithRequestExample(new Request(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(1)),
                new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.FromHours(1)), WaveCalendar.Quarter, 30))
            .WithSummary("Schedule contiguous quarterly waves from `from` to `until` (all or none; waves may not overlap)")
            .Produces<IReadOnlyList<WaveResponse>>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Request request, ClaimsPrincipal user, CandidatureDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        errors.AddIf(request.From is null, "from", "Indiquez l'ouverture de la première vague (ISO 8601 avec fuseau, par exemple 2027-01-01T00:00:00+01:00).");
        errors.AddIf(request.Until is null, "until", "Indiquez la fin du calendrier : la date limite de la dernière vague (ISO 8601 avec fuseau).");
        errors.AddIf(request.From is { Year: < CreateWave.MinYear or > CreateWave.MaxYear }, "from",
            $"L'ouverture est comprise entre {CreateWave.MinYear} et {CreateWave.MaxYear}.");
        errors.AddIf(request.Until is { Year: < CreateWave.MinYear or > CreateWave.MaxYear }, "until",
            $"La fin du calendrier est comprise entre {CreateWave.MinYear} et {CreateWave.MaxYear}.");
        errors.AddIf(request.Until <= request.From, "until", "La fin du calendrier doit suivre son début.");
        errors.AddIf(request.Until <= now, "until", "La fin du calendrier est déjà passée : un calendrier se programme pour l'avenir.");
        errors.AddIf(request.Every != WaveCalendar.Quarter, "every", "Seul le rythme trimestriel est proposé : « every »: \"quarter\".");
        var maxLaureates = request.MaxLaureates ?? Wave.DefaultMaxLaureates;
        errors.AddIf(maxLaureates is < 1 or > CreateWave.MaxMaxLaureates, "maxLaureates",
            $"Le nombre maximal de lauréats par vague est compris entre 1 et {CreateWave.MaxMaxLaureates}.");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var periods = WaveCalendar.Quarters(request.From!.Value, request.Until!.Value);
        if (periods.Count > WaveCalendar.MaxWaves)
        {
            return errors.Add("until", $"Un calendrier compte au plus {WaveCalendar.MaxWaves} vagues (dix ans) : rapprochez sa fin.").ToProblem();
        }

        // One transaction: every wave, or none.
        var schedule = new Command<List<Wave>>(
            _ =>
            {
                var waves = periods.Select(p => Wave.Schedule(p.Name, p.OpensAt, p.Deadline, maxLaureates, user.Subject(), now)).ToList();
                db.Waves.AddRange(waves);
                db.WakeAfterCommit<WaveSignal>();
                return Task.FromResult<List<Wave>?>(waves);
            },
            waves => TypedResults.Created("/api/candidatures/waves", waves.Select(w => WaveResponse.From(w, now)).ToList()))
        {
            SaveRefusal = (exception, token) => CreateWave.OverlapOfAsync(db, exception, periods[0].OpensAt, periods[^1].Deadline, token),
        };
        return await CommandRunner.RunAsync(db, Problems.Refusals, schedule, ct);
    }
}

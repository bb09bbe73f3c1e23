using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Candidature.Features;

/// <summary>
/// <c>POST /{id}/decision</c>: a reviewer accepts, rejects or dismisses a candidature under review. Accepting takes one
/// of the wave's laureate places, atomically: when two reviewers accept for the last place at once, one is refused.
/// </summary>
public static class Decide
{
    public const decimal MaxScore = 100m;

    public enum Decision
    {
        Accepted,
        Rejected,
        Dismissed,
    }

    public sealed record Request(Decision? Decision, string? Motivation, decimal? Score);

    public static RouteGroupBuilder MapDecide(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/decision", HandleAsync)
            .RequireRoles(Roles.Instructeur)
            .WithName("DecideCandidature")
            .WithRequestExample(new Request(Decision.Rejected, "Le modèle économique ne garantit pas la pérennité du lieu au-delà de la subvention.", 42.5m))
            .WithSummary("Accept, reject or dismiss a candidature under review (motivation required unless accepted)")
            .Produces<CandidatureResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Guid id, Request request, ClaimsPrincipal user, CandidatureDbContext db, TimeProvider time, HttpResponse response,
        ILogger<Dossier> logger, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        errors.AddIf(request.Decision is null, "decision", "Indiquez la décision : accepted, rejected ou dismissed.");
        var motivation = Motivated.Read(request.Motivation, required: request.Decision is not Decision.Accepted, errors);
        errors.AddIf(request.Score is { } score && (score < 0 || score > MaxScore || decimal.Round(score, 2) != score),
            "score", $"La note est comprise entre 0 et {MaxScore}, avec au plus 2 décimales.");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var action = request.Decision switch
        {
            Decision.Accepted => CandidatureAction.Accept,
            Decision.Rejected => CandidatureAction.Reject,
            _ => CandidatureAction.Dismiss,
        };
        return await CommandRunner.RunAsync(db, Problems.Refusals, CandidatureCommands.Move(db, user, id, action, ownerOnly: false, async (dossier, ct) =>
        {
            var waveId = dossier.WaveId!.Value;
            if (action == CandidatureAction.Accept && !await db.TryTakeLaureatePlaceAsync(waveId, ct))
            {
                return CandidatureRefusals.Full(await db.Waves.AsNoTracking().SingleAsync(w => w.Id == waveId, ct));
            }

            var step = dossier.Apply(action, user.Subject(), time.GetUtcNow(), motivation, request.Score);
            db.Publish(action switch
            {
                CandidatureAction.Accept => CandidatureEvents.Accepted(dossier, step, await DepartmentOfAsync(db, dossier.PlaceId, ct)),
                CandidatureAction.Reject => CandidatureEvents.Rejected(dossier, step),
                _ => CandidatureEvents.Dismissed(dossier, step),
            });
            return null;
        }, response, logger), ct);
    }

    /// <summary>The place's département, from the directory's events (eligibility at submission ensured it is known).</summary>
    private static Task<string> DepartmentOfAsync(CandidatureDbContext db, Guid placeId, CancellationToken ct) =>
        db.Places.Where(p => p.Id == placeId).Select(p => p.DepartmentCode).SingleAsync(ct);
}

using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Contracts;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.UseCases;

namespace Fabriques.Candidature.Features;

/// <summary><c>POST /{id}/review</c>: a reviewer starts examining a submitted candidature.</summary>
public static class Review
{
    public static RouteGroupBuilder MapReview(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/review", HandleAsync)
            .RequireRoles(Roles.Instructeur)
            .WithName("ReviewCandidature")
            .WithSummary("Start examining a submitted candidature (submitted → under-review)")
            .Produces<CandidatureResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static Task<IResult> HandleAsync(
        Guid id, ClaimsPrincipal user, CandidatureDbContext db, TimeProvider time, HttpResponse response, ILogger<Dossier> logger,
        CancellationToken ct) =>
        CommandRunner.RunAsync(db, Problems.Refusals, CandidatureCommands.Move(db, user, id, CandidatureAction.Review, ownerOnly: false, (dossier, _) =>
        {
            var step = dossier.Apply(CandidatureAction.Review, user.Subject(), time.GetUtcNow());
            db.Publish(CandidatureEvents.ReviewStarted(dossier, step));
            return Task.FromResult<Refusal?>(null);
        }, response, logger), ct);
}

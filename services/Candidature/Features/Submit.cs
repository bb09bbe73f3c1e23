using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Candidature.Features;

/// <summary>
/// <c>POST /{id}/submit</c>: the owner submits an eligible candidature. A draft is attached to the wave whose deadline is
/// the next ahead, open or scheduled (a permanent call always has a next wave once its calendar is set); a candidature
/// returned for corrections goes back to the wave it was examined in.
/// The wave may require kinds of supporting document: 422 until each is attached.
/// </summary>
public static class Submit
{
    public static RouteGroupBuilder MapSubmit(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/submit", HandleAsync)
            .RequireRoles(Roles.Porteur)
            .WithName("SubmitCandidature")
            .WithSummary("Submit a draft (or a returned candidature) to the wave whose deadline is the next ahead, open or scheduled")
            .Produces<CandidatureResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    private static Task<IResult> HandleAsync(
        Guid id, ClaimsPrincipal user, CandidatureDbContext db, TimeProvider time, HttpResponse response, ILogger<Dossier> logger,
        CancellationToken ct) =>
        CommandRunner.RunAsync(db, Problems.Refusals, CandidatureCommands.Move(db, user, id, CandidatureAction.Submit, ownerOnly: true, async (dossier, ct) =>
        {
            var place = await db.Places.AsNoTracking().SingleOrDefaultAsync(p => p.Id == dossier.PlaceId, ct);
            var rules = await db.ProgrammeRulesAsync(ct);
            var failures = Eligibility.Check(dossier.Form, place, user.Subject(), rules).ToList();
            if (await db.PlaceHoldsAnotherGrantAsync(dossier, ct))
            {
                failures.Add(Eligibility.PlaceAlreadyFunded);
            }
            if (failures.Count > 0)
            {
                return CandidatureRefusals.NotEligible(failures);
            }

            var now = time.GetUtcNow();
            var wave = dossier.WaveId is { } attached
                ? await db.Waves.SingleAsync(w => w.Id == attached, ct)
                : await db.Waves.Where(w => w.Deadline > now).OrderBy(w => w.Deadline).FirstOrDefaultAsync(ct);
            if (wave is null)
            {
                return CandidatureRefusals.NoWaveAhead();
            }
            var attachedKinds = await db.Documents.Where(d => d.CandidatureId == dossier.Id).Select(d => d.Kind).Distinct().ToListAsync(ct);
            if (wave.MissingDocuments(attachedKinds) is { Count: > 0 } missing)
            {
                return CandidatureRefusals.DocumentsMissing(missing);
            }

            var step = dossier.Apply(CandidatureAction.Submit, user.Subject(), now, wave: wave.Id);
            db.Publish(CandidatureEvents.Submitted(dossier, step, wave));
            return null;
        }, response, logger), ct);
}

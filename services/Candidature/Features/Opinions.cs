using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Candidature.Features;

/// <summary>
/// <c>/{id}/opinions</c>: instructeurs give their opinion on the programme's scoring grid while a candidature is being
/// examined; instructeurs and gestionnaires read them with their totals. Never shown to the porteur (403), never put
/// in an event.
/// </summary>
public static class Opinions
{
    public const int MaxCommentLength = 5000;

    public sealed record ScoresRequest(
        int? Governance, int? Partnerships, int? TerritorialNeed, int? EconomicModel, int? Services, int? DigitalInclusion);

    public sealed record Request(Verdict? Verdict, ScoresRequest? Scores, string? Comment);

    public sealed record OpinionResponse(
        Guid Id, string AuthorId, Verdict Verdict, OpinionScores Scores, int Total, int MaxTotal, string? Comment, DateTimeOffset GivenAt)
    {
        public static OpinionResponse From(Opinion o) =>
            new(o.Id, o.AuthorId, o.Verdict, o.Scores, o.Scores.Total, OpinionScores.MaxTotal, o.Comment, o.GivenAt);
    }

    public sealed record OpinionList(IReadOnlyList<OpinionResponse> Items);

    public static RouteGroupBuilder MapOpinions(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/opinions", GiveAsync)
            .RequireRoles(Roles.Instructeur)
            .WithName("GiveOpinion")
            .WithRequestExample(new Request(Verdict.Favourable, new ScoresRequest(4, 3, 5, 3, 4, 2), "Ancrage local solide ; modèle économique à consolider."))
            .WithSummary("Give an opinion on the scoring grid (verdict, six criteria from 0 to 5, comment) while the candidature is examined")
            .Produces<OpinionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id:guid}/opinions", ListAsync)
            .RequireRoles(Roles.Instructeur, Roles.Gestionnaire)
            .WithName("ListOpinions")
            .WithSummary("Read the opinions given on a candidature, with their totals (instructeurs and gestionnaires only)")
            .Produces<OpinionList>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> GiveAsync(
        Guid id, Request request, ClaimsPrincipal user, CandidatureDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        errors.AddIf(request.Verdict is null, "verdict", "Indiquez l'avis : favourable, reserved ou unfavourable.");
        var scores = ReadScores(request.Scores, errors);
        var comment = Text.Read(request.Comment, "comment", MaxCommentLength, errors, required: false);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        Opinion? opinion = null;
        var give = new Command<Dossier>(
            async token =>
            {
                // Locked: a decision waits for the opinion rather than overtaking it between check and insert.
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM candidatures WHERE id = {id} FOR UPDATE", token);
                return await db.Candidatures.AsNoTracking().VisibleTo(user, db).SingleOrDefaultAsync(d => d.Id == id, token);
            },
            _ => TypedResults.Created($"/api/candidatures/{id}/opinions", OpinionResponse.From(opinion!)))
        {
            NotFound = CandidatureRefusals.CandidatureNotFound(id),
            Rule = (dossier, _) =>
            {
                var refusal = dossier.RefusalToGiveOpinion();
                if (refusal is null)
                {
                    opinion = db.Opinions.Add(Opinion.Give(dossier, user.Subject(), request.Verdict!.Value, scores!, comment, time.GetUtcNow())).Entity;
                }
                return Task.FromResult(refusal);
            },
        };
        return await CommandRunner.RunAsync(db, Problems.Refusals, give, ct);
    }

    private static OpinionScores? ReadScores(ScoresRequest? scores, ValidationErrors errors)
    {
        if (scores is null)
        {
            errors.Add("scores", "Notez les six critères de la grille, de 0 à 5 : governance, partnerships, territorialNeed, economicModel, services, digitalInclusion.");
            return null;
        }
        int Score(int? value, string criterion)
        {
            errors.AddIf(value is not (>= 0 and <= OpinionScores.MaxPerCriterion), $"scores.{criterion}",
                $"Note obligatoire, entière, de 0 à {OpinionScores.MaxPerCriterion}.");
            return value ?? 0;
        }
        return new OpinionScores(
            Score(scores.Governance, "governance"), Score(scores.Partnerships, "partnerships"), Score(scores.TerritorialNeed, "territorialNeed"),
            Score(scores.EconomicModel, "economicModel"), Score(scores.Services, "services"), Score(scores.DigitalInclusion, "digitalInclusion"));
    }

    private static async Task<IResult> ListAsync(Guid id, ClaimsPrincipal user, CandidatureDbContext db, CancellationToken ct)
    {
        if (!await db.Candidatures.VisibleTo(user, db).AnyAsync(d => d.Id == id, ct))
        {
            return Problems.CandidatureNotFound(id);
        }
        var opinions = await db.Opinions.AsNoTracking().Where(o => o.CandidatureId == id).OrderBy(o => o.GivenAt).ThenBy(o => o.Id).ToListAsync(ct);
        return TypedResults.Ok(new OpinionList([.. opinions.Select(OpinionResponse.From)]));
    }
}

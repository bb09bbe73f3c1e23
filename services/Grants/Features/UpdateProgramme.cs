using System.Security.Claims;
using Fabriques.Grants.Data;
using Fabriques.Grants.Domain;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Http;
using Fabriques.UseCases;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Grants.Features;

/// <summary><c>PUT /programme</c>: a gestionnaire replaces the envelope, targets, caps and digital bonus (<c>If-Match</c>).</summary>
public static class UpdateProgramme
{
    /// <summary>No amount of the programme goes beyond this (1 000 milliards €), so no sum of them can overflow.</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    public sealed record Request(decimal? Envelope, TargetsRequest? Targets, CapsRequest? Caps, decimal? DigitalBonus);

    /// <summary>Numbers of grants: in QPV (of which <c>digital</c>), and outside large urban centres.</summary>
    public sealed record TargetsRequest(int? Qpv, int? OutsideLargeUrbanCentres, int? Digital);

    public sealed record CapsRequest(decimal? MaxPerYear, decimal? MinTotal, decimal? MaxTotal);

    public static RouteGroupBuilder MapUpdateProgramme(this RouteGroupBuilder group)
    {
        group.MapPut("/programme", HandleAsync)
            .RequireRoles(Roles.Gestionnaire)
            .WithName("UpdateProgramme")
            .WithRequestExample(new Request(45_000_000m, new TargetsRequest(150, 150, 50), new CapsRequest(50_000m, 75_000m, 150_000m), 10_000m))
            .WithSummary("Replace the programme's envelope, targets, caps and digital bonus (If-Match required)")
            .Produces<ProgrammeResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Request request, HttpContext http, ClaimsPrincipal user, GrantsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var settings = Validate(request, errors);
        if (settings is null)
        {
            return errors.ToProblem();
        }

        ProgrammeUsage? usage = null; // what the rule weighed the settings against, shown in the answer
        var update = new Command<Programme>(async token => await db.LockProgrammeAsync(token), programme =>
        {
            http.Response.SetETag(programme.Version);
            return TypedResults.Ok(ProgrammeResponse.From(programme, usage!));
        })
        {
            Precondition = programme => Preconditions.CheckIfMatch(http.Request, programme.Version),
            Rule = async (programme, token) =>
            {
                usage = await db.UsageAsync(token);
                if (programme.Update(settings, usage, user.Subject(), time.GetUtcNow()) is { } refusal)
                {
                    return refusal;
                }
                // Candidature checks submissions against these caps, durations and targets: it learns them from this event.
                db.Publish(programme.Announce(programme.UpdatedAt!.Value));
                return null;
            },
        };
        return await CommandRunner.RunAsync(db, GrantProblems.Refusals, update, ct);
    }

    /// <summary>The settings asked for, or null with every broken rule in <paramref name="errors"/>.</summary>
    private static ProgrammeSettings? Validate(Request request, ValidationErrors errors)
    {
        decimal Amount(decimal? value, string field, decimal minimum)
        {
            errors.AddIf(value is null, field, "Ce montant est obligatoire.")
                .AddIf(value < minimum || value > MaxAmount, field,
                    $"Ce montant est compris entre {Money.Format(minimum)} et {Money.Format(MaxAmount)}.")
                .AddIf(value is { } v && !Money.IsInCents(v), field, "Ce montant s'exprime au centime près (2 décimales au plus).");
            return value ?? 0m;
        }
        int Count(int? value, string field)
        {
            errors.AddIf(value is null, field, "Cet objectif est obligatoire.")
                .AddIf(value < 0, field, "Un objectif est un nombre de subventions, positif ou nul.");
            return value ?? 0;
        }

        const decimal cent = 0.01m;
        var envelope = Amount(request.Envelope, "envelope", cent);
        errors.AddIf(request.Targets is null, "targets", "Les objectifs sont obligatoires : qpv, outsideLargeUrbanCentres, digital.");
        var qpv = Count(request.Targets?.Qpv, "targets.qpv");
        var outside = Count(request.Targets?.OutsideLargeUrbanCentres, "targets.outsideLargeUrbanCentres");
        var digital = Count(request.Targets?.Digital, "targets.digital");
        errors.AddIf(digital > qpv, "targets.digital", "Les Fabriques numériques font partie de l'objectif QPV : leur objectif ne peut pas le dépasser.");
        errors.AddIf(request.Caps is null, "caps", "Les plafonds sont obligatoires : maxPerYear, minTotal, maxTotal.");
        var maxPerYear = Amount(request.Caps?.MaxPerYear, "caps.maxPerYear", cent);
        var minTotal = Amount(request.Caps?.MinTotal, "caps.minTotal", cent);
        var maxTotal = Amount(request.Caps?.MaxTotal, "caps.maxTotal", cent);
        errors.AddIf(maxTotal < minTotal, "caps.maxTotal", "Le total maximal ne peut pas être inférieur au total minimal.");
        var digitalBonus = Amount(request.DigitalBonus, "digitalBonus", 0m);
        return errors.IsEmpty
            ? new ProgrammeSettings(envelope, qpv, digital, outside, maxPerYear, minTotal, maxTotal, digitalBonus)
            : null;
    }
}

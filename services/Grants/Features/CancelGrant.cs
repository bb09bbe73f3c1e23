using System.Security.Claims;
using Fabriques.Contracts.Grants;
using Fabriques.Grants.Consumers;
using Fabriques.Grants.Data;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Grants.Features;

/// <summary><c>POST /{id}/cancel</c>: a gestionnaire cancels a grant; its unpaid instalments go back to the envelope.</summary>
public static class CancelGrant
{
    public const int MaxMotivationLength = 2000;

    public sealed record Request(string? Motivation);

    public static RouteGroupBuilder MapCancelGrant(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/cancel", HandleAsync)
            .RequireRoles(Roles.Gestionnaire)
            .WithName("CancelGrant")
            .WithRequestExample(new Request("Le lieu a cessé son activité en cours de convention."))
            .WithSummary("Cancel a grant: its unpaid instalments are cancelled and their money returns to the envelope")
            .Produces<GrantResponse>()
            .ProducesValidationProblem()
            .ProducesGrantCommandProblems();
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Guid id, Request request, ClaimsPrincipal user, GrantsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var motivation = request.Motivation?.Trim();
        var errors = new ValidationErrors()
            .AddIf(string.IsNullOrEmpty(motivation), "motivation", "Le motif de l'annulation est obligatoire.")
            .AddIf(motivation is { Length: > MaxMotivationLength }, "motivation",
                $"Le motif fait au plus {MaxMotivationLength} caractères.")
            .AddIf(motivation is not null && !StorableText.IsStorable(motivation), "motivation", StorableText.Problem);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return await CommandRunner.RunAsync(db, GrantProblems.Refusals, GrantProblems.GrantChange(db, id, grant =>
        {
            var now = time.GetUtcNow();
            if (grant.Cancel(motivation!, user.Subject(), now) is { } refusal)
            {
                return refusal;
            }
            db.Publish(Compensation.Cancelled(grant, GrantCancellationCause.Gestionnaire, now));
            return null;
        }), ct);
    }
}

using System.Security.Claims;
using Fabriques.Contracts.Grants;
using Fabriques.Grants.Data;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Grants.Features;

/// <summary><c>POST /{id}/instalments/{year}/pay</c>: a gestionnaire records the payment of a committed instalment, once.</summary>
public static class PayInstalment
{
    public const int MaxReferenceLength = 100;

    /// <param name="PaidOn">The day the money left, e.g. <c>2027-03-15</c>.</param>
    /// <param name="Reference">The payment's reference (e.g. the Chorus mandate number).</param>
    public sealed record Request(DateOnly? PaidOn, string? Reference);

    public static RouteGroupBuilder MapPayInstalment(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/instalments/{year:int}/pay", HandleAsync)
            .RequireRoles(Roles.Gestionnaire)
            .WithName("PayInstalment")
            .WithRequestExample(new Request(new DateOnly(2027, 4, 15), "VIR-2027-000421"))
            .WithSummary("Record the payment of a committed instalment (committed → paid); paying twice is refused")
            .Produces<GrantResponse>()
            .ProducesValidationProblem()
            .ProducesGrantCommandProblems();
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Guid id, int year, Request request, ClaimsPrincipal user, GrantsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The latest calendar day anywhere in France (up to UTC+12): a payment cannot be dated later.
        var latestToday = DateOnly.FromDateTime(now.UtcDateTime.AddHours(12));
        var reference = request.Reference?.Trim();
        var errors = new ValidationErrors()
            .AddIf(request.PaidOn is null, "paidOn", "La date de paiement est obligatoire (AAAA-MM-JJ).")
            .AddIf(request.PaidOn > latestToday, "paidOn", "La date de paiement ne peut pas être dans le futur.")
            .AddIf(string.IsNullOrEmpty(reference), "reference", "La référence du paiement est obligatoire.")
            .AddIf(reference is { Length: > MaxReferenceLength }, "reference",
                $"La référence du paiement fait au plus {MaxReferenceLength} caractères.")
            .AddIf(reference is not null && !StorableText.IsStorable(reference), "reference", StorableText.Problem);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return await CommandRunner.RunAsync(db, GrantProblems.Refusals, GrantProblems.GrantChange(db, id, grant =>
        {
            if ((grant.RefuseUnknownInstalment(year) ?? grant.Pay(year, request.PaidOn!.Value, reference!, user.Subject(), now)) is { } refusal)
            {
                return refusal;
            }
            var instalment = grant.FindInstalment(year)!;
            db.Publish(new InstalmentPaid
            {
                OccurredAt = now,
                GrantId = grant.Id,
                CandidatureId = grant.CandidatureId,
                OwnerId = grant.OwnerId,
                Contact = grant.Contact,
                Year = year,
                Amount = instalment.Amount,
                PaidOn = request.PaidOn!.Value,
                Reference = reference!,
            });
            return null;
        }), ct);
    }
}

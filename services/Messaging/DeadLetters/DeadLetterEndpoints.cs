using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fabriques.Messaging.DeadLetters;

/// <summary>
/// Operator endpoints of a service, under its route prefix: <c>GET operations/dead-letters</c>,
/// <c>POST operations/dead-letters/replay</c> (all) and <c>POST operations/dead-letters/{messageId}/replay</c>.
/// </summary>
public static class DeadLetterEndpoints
{
    public sealed record ReplayResult(int Replayed);

    public static RouteGroupBuilder MapDeadLetters(this RouteGroupBuilder group, string operatorRole)
    {
        var operations = group.MapGroup("/operations/dead-letters")
            .RequireAuthorization(policy => policy.RequireRole(operatorRole))
            .WithTags("Operations");

        operations.MapGet("/", async (DeadLetterQueues queues, CancellationToken ct) => TypedResults.Ok(await queues.ListAsync(ct)))
            .WithName("ListDeadLetters")
            .WithSummary("Messages that failed after their retries, with the exception kept");

        operations.MapPost("/replay", async (DeadLetterQueues queues, CancellationToken ct) =>
                TypedResults.Ok(new ReplayResult(await queues.ReplayAsync(null, ct))))
            .WithName("ReplayAllDeadLetters")
            .WithSummary("Send every dead letter back to its queue (after the cause is fixed)");

        operations.MapPost("/{messageId}/replay", async Task<IResult> (string messageId, DeadLetterQueues queues, CancellationToken ct) =>
                await queues.ReplayAsync(messageId, ct) is var replayed and > 0
                    ? TypedResults.Ok(new ReplayResult(replayed))
                    : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Message introuvable",
                        detail: $"Aucun message {messageId} n'est en erreur dans les files de ce service."))
            .WithName("ReplayDeadLetter")
            .WithSummary("Send one dead letter back to its queue");
        return group;
    }
}

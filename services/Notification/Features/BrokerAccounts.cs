using System.Security.Claims;
using System.Security.Cryptography;
using Fabriques.Contracts.Partners;
using Fabriques.Messaging.Idempotency;
using Fabriques.Notification.Brokers;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Http;
using Fabriques.ServiceDefaults.OpenApi;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Features;

/// <summary>
/// Partners' accounts on the broker, managed by a gestionnaire: <c>POST /brokers/accounts</c> creates one (the answer
/// shows its password, once), <c>GET</c> lists them, <c>DELETE /brokers/accounts/{id}</c> revokes one.
/// </summary>
public static class BrokerAccounts
{
    public sealed record CreateRequest(string? Name);

    /// <summary>The new account: how to connect (<paramref name="Uri"/>, without credentials) and what to bind to.</summary>
    public sealed record Created(Guid Id, string Name, string Username, string Password, Uri Uri, string Exchange, string QueuePrefix, DateTimeOffset CreatedAt);

    public sealed record AccountResponse(Guid Id, string Name, string Username, string QueuePrefix, DateTimeOffset CreatedAt);

    public static RouteGroupBuilder MapBrokerAccounts(this RouteGroupBuilder group)
    {
        group.MapPost("/brokers/accounts", CreateAsync)
            .RequireRoles(Roles.Gestionnaire)
            .WithRequestExample(new CreateRequest("SI subventions de la Région Sud"))
            .WithName("CreateBrokerAccount")
            .WithMetadata(new AnswerShowsASecret())
            .WithSummary("Give a partner system an account on the broker, to read the public events (the answer shows its password, once)")
            .Produces<Created>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/brokers/accounts", ListAsync)
            .RequireRoles(Roles.Gestionnaire)
            .WithName("ListBrokerAccounts")
            .WithSummary("Partners' broker accounts, newest first")
            .Produces<Paged<AccountResponse>>()
            .ProducesValidationProblem();
        group.MapDelete("/brokers/accounts/{id:guid}", DeleteAsync)
            .RequireRoles(Roles.Gestionnaire)
            .WithName("DeleteBrokerAccount")
            .WithSummary("Revoke a partner's broker account: its connections are closed, its queues deleted")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<IResult> CreateAsync(
        CreateRequest request, ClaimsPrincipal user, NotificationDbContext db, RabbitMqManagement management, BrokerAddress broker,
        TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = request.Name?.Trim();
        errors.AddIf(string.IsNullOrEmpty(name), "name", "Indiquez pour qui est ce compte, par exemple « Région Bretagne ».");
        errors.AddIf(name is { Length: > BrokerAccount.MaxNameLength }, "name", $"Le nom fait au plus {BrokerAccount.MaxNameLength} caractères.");
        errors.AddIf(name is not null && !StorableText.IsStorable(name), "name", StorableText.Problem);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var account = BrokerAccount.Create(name!, user.Subject(), time.GetUtcNow());
        var password = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40);
        try
        {
            await management.CreateAsync(account, password, ct);
        }
        catch (BrokerUnavailableException)
        {
            return BrokerUnavailable();
        }
        db.BrokerAccounts.Add(account);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            // Nobody will ever know this password: the user goes, rather than stay on the broker unaccounted for.
            await management.DeleteAsync(account, CancellationToken.None);
            throw;
        }
        return TypedResults.Created($"/api/notifications/brokers/accounts/{account.Id}", new Created(
            account.Id, account.Name, account.Username, password, broker.PublicUri, PartnerExchange.Name, account.QueuePrefix, account.CreatedAt));
    }

    private static async Task<IResult> ListAsync(NotificationDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = PageRequest.From(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var total = await db.BrokerAccounts.LongCountAsync(ct);
        var items = await db.BrokerAccounts.AsNoTracking().OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return TypedResults.Ok(paging.Of(items.Select(a => new AccountResponse(a.Id, a.Name, a.Username, a.QueuePrefix, a.CreatedAt)).ToList(), total));
    }

    private static async Task<IResult> DeleteAsync(Guid id, NotificationDbContext db, RabbitMqManagement management, CancellationToken ct)
    {
        if (await db.BrokerAccounts.SingleOrDefaultAsync(a => a.Id == id, ct) is not { } account)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "Compte introuvable",
                detail: $"Aucun compte de courtier d'identifiant {id} : listez-les avec GET /api/notifications/brokers/accounts.");
        }
        try
        {
            await management.DeleteAsync(account, ct);
        }
        catch (BrokerUnavailableException)
        {
            return BrokerUnavailable();
        }
        db.BrokerAccounts.Remove(account);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static IResult BrokerUnavailable() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable, type: ProblemTypes.ServiceUnavailable, title: "Courtier indisponible",
        detail: "Le courtier de messages ne répond pas à sa gestion des comptes. Réessayez dans quelques minutes ; aucun compte n'a été modifié.");
}

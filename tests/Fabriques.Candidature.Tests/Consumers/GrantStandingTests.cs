using System.Net;
using System.Text.Json;
using Fabriques.Candidature.Consumers;
using Fabriques.Candidature.Features;
using Fabriques.Contracts;
using Fabriques.Contracts.Grants;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Consumers;

/// <summary>
/// The candidature knows its grant from the grants service's events, through the real broker: in any order, a
/// cancellation is final, and a cancelled grant no longer makes the decision final.
/// </summary>
public sealed class GrantStandingTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private static readonly Contact Contact = new("Association Les Moulins", "Camille Martin", "camille@moulins.example");

    private readonly Scenario _ = new(host);

    [Fact]
    public async Task An_awarded_grant_shows_on_the_candidature()
    {
        await _.OpenWaveAsync();
        var id = await _.AcceptedAsync();
        var candidature = await _.GetAsync(id);
        using var deliveries = new Deliveries(host, nameof(GrantAwardedConsumer));

        var grantId = Guid.CreateVersion7();
        await host.PublishAsync(Awarded(grantId, candidature));
        await deliveries.WaitForAsync(1);

        var grant = (await _.GetAsync(id)).GetProperty("grant");
        Assert.Equal((grantId, "active"), (grant.GetProperty("id").GetGuid(), grant.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_cancellation_that_arrives_before_the_award_leaves_the_grant_cancelled()
    {
        await _.OpenWaveAsync();
        var id = await _.AcceptedAsync();
        var candidature = await _.GetAsync(id);
        using var awarded = new Deliveries(host, nameof(GrantAwardedConsumer));
        using var cancelled = new Deliveries(host, nameof(GrantCancelledConsumer));
        var grantId = Guid.CreateVersion7();

        await host.PublishAsync(Cancelled(grantId, candidature));
        await cancelled.WaitForAsync(1);
        await host.PublishAsync(Awarded(grantId, candidature));
        await awarded.WaitForAsync(1);

        var grant = (await _.GetAsync(id)).GetProperty("grant");
        Assert.Equal((grantId, "cancelled"), (grant.GetProperty("id").GetGuid(), grant.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_paid_grant_makes_the_decision_final_until_a_gestionnaire_cancels_it()
    {
        await _.OpenWaveAsync();
        var id = await _.AcceptedAsync();
        var candidature = await _.GetAsync(id);
        var grantId = Guid.CreateVersion7();
        using var paid = new Deliveries(host, nameof(InstalmentPaidConsumer));
        using var cancelled = new Deliveries(host, nameof(GrantCancelledConsumer));
        await host.PublishAsync(Awarded(grantId, candidature));
        await host.PublishAsync(new InstalmentPaid
        {
            GrantId = grantId, CandidatureId = id, PlaceId = candidature.GetProperty("placeId").GetGuid(), OwnerId = Owner, Contact = Contact,
            Year = 1, Amount = 50_000m, PaidOn = DateOnly.FromDateTime(_.Now.UtcDateTime), Reference = "VIR-2027-0002",
            Acceptance = Sequence(candidature),
        });
        await paid.WaitForAsync(1);

        using (var refused = await _.PostAsync(_.Instructeur, id, "reopen", new { motivation = "Revoir." }))
        {
            var problem = await ProblemAsync(refused, HttpStatusCode.Conflict, CandidatureProblemTypes.GrantPaid);
            Assert.Contains("versée", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        await host.PublishAsync(Cancelled(grantId, candidature));
        await cancelled.WaitForAsync(1);
        var reopened = await _.ActAsync(_.Instructeur, id, "reopen", new { motivation = "La subvention a été annulée : réexamen." });

        Assert.Equal("under-review", State(reopened));
        Assert.Equal("cancelled", reopened.GetProperty("grant").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_refusal_of_an_earlier_acceptance_does_not_undo_the_new_one()
    {
        await _.OpenWaveAsync();
        var id = await _.AcceptedAsync();
        var first = Sequence(await _.GetAsync(id));
        await _.ActAsync(_.Instructeur, id, "reopen", new { motivation = "Revoir le budget." });
        await _.ActAsync(_.Instructeur, id, "decision", new { decision = "accepted" });
        using var deliveries = new Deliveries(host, nameof(GrantAwardRefusedConsumer));

        await host.PublishAsync(new GrantAwardRefused
        {
            CandidatureId = id, PlaceId = Guid.CreateVersion7(), Reason = "L'enveloppe est épuisée.", Acceptance = first,
        });
        await deliveries.WaitForAsync(1);

        Assert.Equal("accepted", State(await _.GetAsync(id)));
    }

    [Fact]
    public async Task Submitting_for_a_place_that_holds_an_active_grant_is_refused_with_the_other_rules()
    {
        await _.OpenWaveAsync();
        var funded = await _.GetAsync(await _.AcceptedAsync());
        using var deliveries = new Deliveries(host, nameof(GrantAwardedConsumer));
        await host.PublishAsync(Awarded(Guid.CreateVersion7(), funded));
        await deliveries.WaitForAsync(1);
        var body = Body(funded.GetProperty("placeId").GetGuid());
        body["funding"]!["durationYears"] = 7;
        var draft = Id(await _.DraftAsync(body));

        using var response = await _.PostAsync(_.Porteur, draft, "submit");

        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity, CandidatureProblemTypes.Ineligible);
        Assert.Contains("placeId", ErrorFields(problem));
        Assert.Contains("funding.durationYears", ErrorFields(problem));
        Assert.Contains("déjà d'une subvention active", problem.GetProperty("errors").GetProperty("placeId")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decisions_and_withdrawals_tell_who_and_which_step()
    {
        await _.OpenWaveAsync();
        var accepted = await _.AcceptedAsync();
        var withdrawn = await _.SubmittedAsync();

        var reopened = await _.ActAsync(_.Instructeur, accepted, "reopen", new { motivation = "Revoir." });
        await _.ActAsync(_.Porteur, withdrawn, "withdraw");

        var acceptance = await _.OutboxEventAsync(accepted, ".accepted");
        var reopening = await _.OutboxEventAsync(accepted, ".reopened");
        var withdrawal = await _.OutboxEventAsync(withdrawn, ".withdrawn");
        Assert.Equal(("instructeur-1", "instructeur-1"), (acceptance.GetProperty("decidedBy").GetString(), reopening.GetProperty("decidedBy").GetString()));
        Assert.Equal(Sequence(reopened), reopening.GetProperty("sequence").GetInt32());
        Assert.Equal(Sequence(reopened) - 1, acceptance.GetProperty("sequence").GetInt32());
        Assert.Equal((withdrawn, Owner), (withdrawal.GetProperty("candidatureId").GetGuid(), withdrawal.GetProperty("ownerId").GetString()));
    }

    private static int Sequence(JsonElement candidature) => candidature.GetProperty("history").GetArrayLength();

    private static GrantAwarded Awarded(Guid grantId, JsonElement candidature) => new()
    {
        GrantId = grantId, CandidatureId = Id(candidature), PlaceId = candidature.GetProperty("placeId").GetGuid(), OwnerId = Owner,
        Contact = Contact, Territory = Contracts.Candidature.TerritoryKind.Qpv, Digital = false, Total = 150_000m, Instalments = [],
        Acceptance = Sequence(candidature),
    };

    private static GrantCancelled Cancelled(Guid grantId, JsonElement candidature) => new()
    {
        GrantId = grantId, CandidatureId = Id(candidature), PlaceId = candidature.GetProperty("placeId").GetGuid(),
        Motivation = "Le lieu a fermé.", ReturnedToEnvelope = 100_000m, Acceptance = Sequence(candidature),
    };
}

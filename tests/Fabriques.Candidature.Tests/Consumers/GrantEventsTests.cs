using System.Net;
using Fabriques.Candidature.Consumers;
using Fabriques.Candidature.Features;
using Fabriques.Contracts;
using Fabriques.Contracts.Grants;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Consumers;

public sealed class GrantEventsTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private const string Reason = "L'objectif de 150 Fabriques en QPV est atteint.";

    private readonly Scenario _ = new(host);

    [Fact]
    public async Task A_refused_award_sends_the_candidature_back_under_review_once_with_its_reason_even_when_redelivered()
    {
        var wave = Id(await _.OpenWaveAsync());
        var refused = await _.AcceptedAsync();
        await _.AcceptedAsync();
        Assert.Equal(2, (await _.WaveAsync(wave)).GetProperty("laureates").GetInt32());
        using var deliveries = new Deliveries(host, nameof(GrantAwardRefusedConsumer));
        var refusal = new GrantAwardRefused { CandidatureId = refused, PlaceId = Guid.CreateVersion7(), Reason = Reason };

        await host.PublishAsync(refusal);
        await host.PublishAsync(refusal); // a redelivery: same eventId
        await deliveries.WaitForAsync(2);

        var candidature = await _.GetAsync(refused);
        Assert.Equal("under-review", State(candidature));
        var last = candidature.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("accepted", "under-review", GrantAwardRefusedConsumer.By, Reason),
            (last.GetProperty("from").GetString(), last.GetProperty("to").GetString(), last.GetProperty("by").GetString(), last.GetProperty("motivation").GetString()));
        Assert.Single(candidature.GetProperty("history").EnumerateArray(), h => h.GetProperty("by").GetString() == GrantAwardRefusedConsumer.By);
        Assert.Equal(1, (await _.WaveAsync(wave)).GetProperty("laureates").GetInt32());
    }

    [Fact]
    public async Task A_refusal_for_a_candidature_no_longer_accepted_changes_nothing()
    {
        await _.OpenWaveAsync();
        var id = await _.AcceptedAsync();
        await _.ActAsync(_.Instructeur, id, "reopen", new { motivation = "Revoir le plan de financement." });
        var before = await _.GetAsync(id);
        using var deliveries = new Deliveries(host, nameof(GrantAwardRefusedConsumer));

        await host.PublishAsync(new GrantAwardRefused { CandidatureId = id, PlaceId = Guid.CreateVersion7(), Reason = Reason });
        await deliveries.WaitForAsync(1);

        Assert.Equal(before.GetProperty("history").GetArrayLength(), (await _.GetAsync(id)).GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Once_an_instalment_is_paid_the_decision_can_no_longer_be_reopened()
    {
        await _.OpenWaveAsync();
        var id = await _.AcceptedAsync();
        using var deliveries = new Deliveries(host, nameof(InstalmentPaidConsumer));

        await host.PublishAsync(new InstalmentPaid
        {
            GrantId = Guid.CreateVersion7(), CandidatureId = id, OwnerId = Owner,
            Contact = new Contact("Association Les Moulins", "Camille Martin", "camille@moulins.example"),
            Year = 1, Amount = 40000m, PaidOn = DateOnly.FromDateTime(_.Now.UtcDateTime), Reference = "VIR-2027-0001",
        });
        await deliveries.WaitForAsync(1);
        using var response = await _.PostAsync(_.Instructeur, id, "reopen", new { motivation = "Revoir." });

        await ProblemAsync(response, HttpStatusCode.Conflict, CandidatureProblemTypes.GrantPaid);
        Assert.Equal("accepted", State(await _.GetAsync(id)));
    }
}

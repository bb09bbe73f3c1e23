using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Grants;
using Fabriques.Grants.Features;
using Fabriques.Grants.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.Testing;

namespace Fabriques.Grants.Tests.Features;

public sealed class InstalmentTests(GrantsHost host) : IClassFixture<GrantsHost>, IDisposable
{
    private static readonly string Today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
    private readonly HttpClient _gestionnaire = host.CreateClient("gestionnaire-1", Roles.Gestionnaire);

    [Fact]
    public async Task An_instalment_is_committed_then_paid_and_each_step_is_published_and_accounted()
    {
        var grant = await AwardAsync(amountPerYear: 50_000m, durationYears: 2);
        await using var committedProbe = await EventProbe<InstalmentCommitted>.StartAsync(host.BrokerUri);
        await using var paidProbe = await EventProbe<InstalmentPaid>.StartAsync(host.BrokerUri);
        var (before, _, _) = await ProgrammeApi.ReadAsync(_gestionnaire);

        using var committed = await CommitAsync(grant.GrantId, 1);
        using var paid = await PayAsync(grant.GrantId, 1, new { paidOn = Today, reference = "CHORUS-2027-0001" });

        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var body = await paid.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var first = body.GetProperty("instalments")[0];
        Assert.Equal(("paid", Today, "CHORUS-2027-0001"),
            (first.GetProperty("state").GetString(), first.GetProperty("paidOn").GetString(), first.GetProperty("reference").GetString()));
        Assert.Equal(50_000m, body.GetProperty("paid").GetDecimal());
        var payment = body.GetProperty("ledger").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "paid");
        Assert.Equal(("gestionnaire-1", 1), (payment.GetProperty("actor").GetString(), payment.GetProperty("instalmentYear").GetInt32()));

        var commitEvent = await committedProbe.WaitForAsync(e => e.GrantId == grant.GrantId);
        Assert.Equal((1, 50_000m), (commitEvent.Message.Year, commitEvent.Message.Amount));
        var paidEvent = await paidProbe.WaitForAsync(e => e.GrantId == grant.GrantId);
        Assert.Equal(("CHORUS-2027-0001", "porteur-1", 50_000m), (paidEvent.Message.Reference, paidEvent.Message.OwnerId, paidEvent.Message.Amount));

        var (after, _, _) = await ProgrammeApi.ReadAsync(_gestionnaire);
        Assert.Equal(before.GetProperty("paid").GetDecimal() + 50_000m, after.GetProperty("paid").GetDecimal());
        Assert.Equal(before.GetProperty("committed").GetDecimal(), after.GetProperty("committed").GetDecimal());
        await Ledger.AssertMatchesGrantsAsync(host, _gestionnaire);
    }

    [Fact]
    public async Task Paying_twice_is_a_409_that_pays_nothing_more()
    {
        var grant = await AwardAsync();
        (await CommitAsync(grant.GrantId, 1)).Dispose();
        (await PayAsync(grant.GrantId, 1, new { paidOn = Today, reference = "REF-1" })).Dispose();

        using var again = await PayAsync(grant.GrantId, 1, new { paidOn = Today, reference = "REF-2" });

        await again.AssertProblemAsync(HttpStatusCode.Conflict, GrantsProblemTypes.AlreadyPaid);
        var read = await ReadAsync(grant.GrantId);
        Assert.Equal(50_000m, read.GetProperty("paid").GetDecimal());
        Assert.Equal("REF-1", read.GetProperty("instalments")[0].GetProperty("reference").GetString());
    }

    [Fact]
    public async Task Simultaneous_payments_of_one_instalment_pay_it_exactly_once()
    {
        var grant = await AwardAsync();
        (await CommitAsync(grant.GrantId, 1)).Dispose();

        var answers = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => PayAsync(grant.GrantId, 1, new { paidOn = Today, reference = $"REF-{i}" })));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var read = await ReadAsync(grant.GrantId);
        Assert.Single(read.GetProperty("ledger").EnumerateArray(), e => e.GetProperty("kind").GetString() == "paid");
        await Ledger.AssertMatchesGrantsAsync(host, _gestionnaire);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task Instalments_go_in_year_order_and_are_paid_only_once_committed()
    {
        var grant = await AwardAsync();

        using var commitYearTwoFirst = await CommitAsync(grant.GrantId, 2);
        using var payPlanned = await PayAsync(grant.GrantId, 1, new { paidOn = Today, reference = "REF" });
        (await CommitAsync(grant.GrantId, 1)).Dispose();
        using var commitTwice = await CommitAsync(grant.GrantId, 1);
        (await CommitAsync(grant.GrantId, 2)).Dispose();
        using var payYearTwoFirst = await PayAsync(grant.GrantId, 2, new { paidOn = Today, reference = "REF" });

        await commitYearTwoFirst.AssertProblemAsync(HttpStatusCode.Conflict, GrantsProblemTypes.InstalmentOutOfOrder);
        await payPlanned.AssertProblemAsync(HttpStatusCode.Conflict, GrantsProblemTypes.InstalmentState);
        await commitTwice.AssertProblemAsync(HttpStatusCode.Conflict, GrantsProblemTypes.InstalmentState);
        await payYearTwoFirst.AssertProblemAsync(HttpStatusCode.Conflict, GrantsProblemTypes.InstalmentOutOfOrder);
    }

    [Fact]
    public async Task An_unknown_grant_or_year_is_a_404()
    {
        var grant = await AwardAsync(durationYears: 3);

        using var unknownYear = await CommitAsync(grant.GrantId, 4);
        using var unknownGrant = await CommitAsync(Guid.NewGuid(), 1);

        await unknownYear.AssertProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await unknownGrant.AssertProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task A_payment_needs_a_date_not_in_the_future_and_a_reference()
    {
        var grant = await AwardAsync();
        (await CommitAsync(grant.GrantId, 1)).Dispose();
        var nextWeek = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7)).ToString("yyyy-MM-dd");

        using var empty = await PayAsync(grant.GrantId, 1, new { reference = "  " });
        using var future = await PayAsync(grant.GrantId, 1, new { paidOn = nextWeek, reference = "REF" });
        using var notADate = await PayAsync(grant.GrantId, 1, new { paidOn = "15/03/2027", reference = "REF" });

        await empty.AssertInvalidAsync("paidOn", "reference");
        await future.AssertInvalidAsync("paidOn");
        Assert.Equal(HttpStatusCode.BadRequest, notADate.StatusCode);
        Assert.Equal("planned", (await ReadAsync(grant.GrantId)).GetProperty("instalments")[1].GetProperty("state").GetString());
    }

    [Fact]
    public async Task Cancelling_returns_the_unpaid_instalments_to_the_envelope_and_keeps_what_was_paid()
    {
        var grant = await AwardAsync(digital: true, amountPerYear: 50_000m, durationYears: 3);
        (await CommitAsync(grant.GrantId, 1)).Dispose();
        (await PayAsync(grant.GrantId, 1, new { paidOn = Today, reference = "REF-1" })).Dispose();
        (await CommitAsync(grant.GrantId, 2)).Dispose();
        await using var cancelledProbe = await EventProbe<GrantCancelled>.StartAsync(host.BrokerUri);
        var (before, _, _) = await ProgrammeApi.ReadAsync(_gestionnaire);

        using var cancelled = await CancelAsync(grant.GrantId, new { motivation = "Le lieu a fermé ses portes." });

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var body = await cancelled.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("cancelled", body.GetProperty("state").GetString());
        Assert.Equal(["paid", "cancelled", "cancelled"], body.GetProperty("instalments").EnumerateArray().Select(i => i.GetProperty("state").GetString()));
        var release = body.GetProperty("ledger").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "released");
        Assert.Equal((100_000m, "gestionnaire-1"), (release.GetProperty("amount").GetDecimal(), release.GetProperty("actor").GetString()));

        var published = await cancelledProbe.WaitForAsync(e => e.GrantId == grant.GrantId);
        Assert.Equal((100_000m, "Le lieu a fermé ses portes."), (published.Message.ReturnedToEnvelope, published.Message.Motivation));
        var (after, _, _) = await ProgrammeApi.ReadAsync(_gestionnaire);
        Assert.Equal(before.GetProperty("remaining").GetDecimal() + 100_000m, after.GetProperty("remaining").GetDecimal());
        Assert.Equal(before.Count("qpv") - 1, after.Count("qpv"));
        Assert.Equal(before.Count("digital") - 1, after.Count("digital"));
        await Ledger.AssertMatchesGrantsAsync(host, _gestionnaire);
    }

    [Fact]
    public async Task A_cancelled_grant_cannot_be_cancelled_again_nor_committed_and_a_motivation_is_required()
    {
        var grant = await AwardAsync();

        using var withoutMotivation = await CancelAsync(grant.GrantId, new { motivation = "" });
        (await CancelAsync(grant.GrantId, new { motivation = "Doublon" })).Dispose();
        using var again = await CancelAsync(grant.GrantId, new { motivation = "Encore" });
        using var commit = await CommitAsync(grant.GrantId, 1);

        await withoutMotivation.AssertInvalidAsync("motivation");
        await again.AssertProblemAsync(HttpStatusCode.Conflict, GrantsProblemTypes.GrantClosed);
        await commit.AssertProblemAsync(HttpStatusCode.Conflict, GrantsProblemTypes.GrantClosed);
    }

    [Fact]
    public async Task Only_a_gestionnaire_commits_pays_or_cancels()
    {
        var grant = await AwardAsync();
        using var owner = host.CreateClient("porteur-1", Roles.Porteur);
        using var anonymous = host.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        using var commitByOwner = await owner.PostAsync($"/api/grants/{grant.GrantId}/instalments/1/commit", null, ct);
        using var cancelByOwner = await owner.PostAsJsonAsync($"/api/grants/{grant.GrantId}/cancel", new { motivation = "x" }, ct);
        using var payAnonymously = await anonymous.PostAsJsonAsync($"/api/grants/{grant.GrantId}/instalments/1/pay",
            new { paidOn = Today, reference = "REF" }, ct);

        Assert.Equal(HttpStatusCode.Forbidden, commitByOwner.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cancelByOwner.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, payAnonymously.StatusCode);
    }

    private async Task<GrantAwarded> AwardAsync(bool digital = false, decimal amountPerYear = 50_000m, int durationYears = 3)
    {
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire);
        await using var probe = await AwardProbe.StartAsync(host);
        return await probe.AwardAsync(Candidatures.Accepted(TerritoryKind.Qpv, digital, amountPerYear, durationYears));
    }

    private Task<HttpResponseMessage> CommitAsync(Guid grantId, int year) =>
        _gestionnaire.PostAsync($"/api/grants/{grantId}/instalments/{year}/commit", null, TestContext.Current.CancellationToken);

    private Task<HttpResponseMessage> PayAsync(Guid grantId, int year, object body) =>
        _gestionnaire.PostAsJsonAsync($"/api/grants/{grantId}/instalments/{year}/pay", body, TestContext.Current.CancellationToken);

    private Task<HttpResponseMessage> CancelAsync(Guid grantId, object body) =>
        _gestionnaire.PostAsJsonAsync($"/api/grants/{grantId}/cancel", body, TestContext.Current.CancellationToken);

    private Task<JsonElement> ReadAsync(Guid grantId) =>
        _gestionnaire.GetFromJsonAsync<JsonElement>($"/api/grants/{grantId}", TestContext.Current.CancellationToken);

    public void Dispose() => _gestionnaire.Dispose();
}

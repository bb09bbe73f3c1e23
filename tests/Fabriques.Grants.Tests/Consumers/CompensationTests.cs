using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Directory;
using Fabriques.Contracts.Grants;
using Fabriques.Grants.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;

namespace Fabriques.Grants.Tests.Consumers;

/// <summary>
/// Undoing an acceptance undoes its grant, through the real broker and database: in order, redelivered, reordered
/// and raced, the end state is one grant held per accepted candidature and none for any other.
/// </summary>
public sealed class CompensationTests(GrantsHost host) : IClassFixture<GrantsHost>, IDisposable
{
    private readonly HttpClient _gestionnaire = host.CreateClient("gestionnaire-1", Roles.Gestionnaire);

    [Fact]
    public async Task Reopening_cancels_the_unpaid_grant_once_even_when_redelivered_and_accepting_again_awards_a_new_one()
    {
        await using var probe = await AwardProbe.StartAsync(host);
        await using var cancellations = await EventProbe<GrantCancelled>.StartAsync(host.BrokerUri);
        var accepted = Candidatures.Accepted(digital: true);
        var first = await probe.AwardAsync(accepted);
        var committedWithGrant = await CommittedAsync();

        var reopened = Candidatures.Reopened(accepted);
        await probe.Awarded.Bus.Publish(reopened, TestContext.Current.CancellationToken);
        await probe.Awarded.Bus.Publish(reopened, TestContext.Current.CancellationToken); // redelivered: same event id
        var cancelled = (await cancellations.WaitForAsync(e => e.GrantId == first.GrantId)).Message;

        Assert.Equal((GrantCancellationCause.DecisionUndone, first.Total, accepted.OwnerId), (cancelled.Cause, cancelled.ReturnedToEnvelope, cancelled.OwnerId));
        var grant = await GrantAsync(first.GrantId);
        Assert.Equal("cancelled", grant.GetProperty("state").GetString());
        var released = grant.GetProperty("ledger").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "released");
        Assert.Equal("instructeur-2", released.GetProperty("actor").GetString());
        Assert.Equal(committedWithGrant - first.Total, await CommittedAsync());

        var again = Candidatures.AcceptedAgain(accepted);
        var second = await probe.AwardAsync(again);

        Assert.NotEqual(first.GrantId, second.GrantId);
        Assert.Equal(again.Sequence, second.Acceptance);
        var grants = await Ledger.AllGrantsAsync(_gestionnaire);
        Assert.Single(grants, g => g.GetProperty("candidatureId").GetGuid() == accepted.CandidatureId && g.GetProperty("state").GetString() == "active");
        Assert.Single(cancellations.Received, e => e.Message.CandidatureId == accepted.CandidatureId);
        Assert.Empty(await ConsistencyApi.SettledAboutAsync(_gestionnaire, accepted.CandidatureId));
        await Ledger.AssertMatchesGrantsAsync(host, _gestionnaire);
    }

    [Fact]
    public async Task A_reopening_that_arrives_before_its_acceptance_leaves_no_grant()
    {
        await using var probe = await AwardProbe.StartAsync(host);
        using var inbox = new InboxWatch(host);
        var accepted = Candidatures.Accepted();

        await probe.Awarded.Bus.Publish(Candidatures.Reopened(accepted), TestContext.Current.CancellationToken);
        await inbox.HandledAsync(1);
        await probe.PublishAsync(accepted);
        await inbox.HandledAsync(2);

        Assert.DoesNotContain(probe.Awarded.Received, e => e.Message.CandidatureId == accepted.CandidatureId);
        Assert.DoesNotContain(await Ledger.AllGrantsAsync(_gestionnaire), g => g.GetProperty("candidatureId").GetGuid() == accepted.CandidatureId);
        Assert.Empty(await ConsistencyApi.SettledAboutAsync(_gestionnaire, accepted.CandidatureId));
    }

    [Fact]
    public async Task A_new_acceptance_that_overtakes_the_reopening_releases_the_old_grant_and_the_late_reopening_changes_nothing()
    {
        await using var probe = await AwardProbe.StartAsync(host);
        await using var cancellations = await EventProbe<GrantCancelled>.StartAsync(host.BrokerUri);
        using var inbox = new InboxWatch(host);
        var accepted = Candidatures.Accepted();
        var first = await probe.AwardAsync(accepted);

        var second = await probe.AwardAsync(Candidatures.AcceptedAgain(accepted));
        await cancellations.WaitForAsync(e => e.GrantId == first.GrantId);
        await probe.Awarded.Bus.Publish(Candidatures.Reopened(accepted), TestContext.Current.CancellationToken);
        await inbox.HandledAsync(3);

        Assert.Equal("active", (await GrantAsync(second.GrantId)).GetProperty("state").GetString());
        Assert.Equal("cancelled", (await GrantAsync(first.GrantId)).GetProperty("state").GetString());
        Assert.Empty(await ConsistencyApi.SettledAboutAsync(_gestionnaire, accepted.CandidatureId));
    }

    [Fact]
    public async Task Acceptances_and_reopenings_racing_on_the_broker_end_with_no_grant_held()
    {
        await using var probe = await AwardProbe.StartAsync(host);
        using var inbox = new InboxWatch(host);
        var acceptances = Enumerable.Range(0, 8).Select(_ => Candidatures.Accepted()).ToList();

        await Task.WhenAll(acceptances.SelectMany(a => new Func<Task>[]
        {
            () => probe.PublishAsync(a),
            () => probe.Awarded.Bus.Publish(Candidatures.Reopened(a), TestContext.Current.CancellationToken),
        }).Select(publish => publish()));
        await inbox.HandledAsync(2 * acceptances.Count);

        var ids = acceptances.Select(a => a.CandidatureId).ToHashSet();
        await Eventually.SucceedsAsync(async () => !(await Ledger.AllGrantsAsync(_gestionnaire))
                .Any(g => ids.Contains(g.GetProperty("candidatureId").GetGuid()) && g.GetProperty("state").GetString() == "active"),
            TimeSpan.FromSeconds(30), "a grant of a reopened candidature is still held");
        foreach (var id in ids)
        {
            Assert.Empty(await ConsistencyApi.SettledAboutAsync(_gestionnaire, id));
        }
        await Ledger.AssertMatchesGrantsAsync(host, _gestionnaire);
    }

    [Fact]
    public async Task A_rejection_releases_a_grant_whose_reopening_was_not_seen()
    {
        await using var probe = await AwardProbe.StartAsync(host);
        await using var cancellations = await EventProbe<GrantCancelled>.StartAsync(host.BrokerUri);
        var accepted = Candidatures.Accepted();
        var grant = await probe.AwardAsync(accepted);

        await probe.Awarded.Bus.Publish(new CandidatureRejected
        {
            CandidatureId = accepted.CandidatureId, PlaceId = accepted.PlaceId, OwnerId = accepted.OwnerId, Contact = accepted.Contact,
            ProjectTitle = accepted.ProjectTitle, Motivation = "Projet non retenu après réexamen.", DecidedBy = "instructeur-3",
            Sequence = accepted.Sequence + 2,
        }, TestContext.Current.CancellationToken);

        await cancellations.WaitForAsync(e => e.GrantId == grant.GrantId);
        Assert.Empty(await ConsistencyApi.SettledAboutAsync(_gestionnaire, accepted.CandidatureId));
    }

    [Fact]
    public async Task The_consistency_check_shows_what_disagrees_until_it_is_mended()
    {
        await using var probe = await AwardProbe.StartAsync(host);
        await using var cancellations = await EventProbe<GrantCancelled>.StartAsync(host.BrokerUri);
        using var inbox = new InboxWatch(host);
        var accepted = Candidatures.Accepted();
        var grant = await probe.AwardAsync(accepted);

        using (var cancel = await _gestionnaire.PostAsJsonAsync($"/api/grants/{grant.GrantId}/cancel",
                   new { motivation = "Le lieu a fermé." }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }
        var label = new PlaceLabelled
        {
            PlaceId = accepted.PlaceId, GrantId = grant.GrantId, Label = PlaceLabelled.FabriqueDeTerritoire,
            Since = DateOnly.FromDateTime(DateTime.UtcNow),
        };
        await probe.Awarded.Bus.Publish(label, TestContext.Current.CancellationToken);
        await inbox.HandledAsync(2);

        var violations = await ConsistencyApi.SettledAboutAsync(_gestionnaire, accepted.CandidatureId, expected: 2);
        Assert.Equal(["accepted-candidature-without-grant", "label-without-active-grant"],
            violations.Select(v => v.GetProperty("kind").GetString()).Order());
        Assert.All(violations, v => Assert.False(string.IsNullOrWhiteSpace(v.GetProperty("detail").GetString())));
        // The label came after the cancellation: the directory is told again, without a second e-mail to the porteur.
        await Eventually.SucceedsAsync(() => Task.FromResult(cancellations.Received.Count(c => c.Message.GrantId == grant.GrantId) == 2),
            TimeSpan.FromSeconds(30), "the cancellation was not announced again for the late label");
        Assert.Single(cancellations.Received, c => c.Message.GrantId == grant.GrantId && c.Message.OwnerId is null);

        await probe.Awarded.Bus.Publish(label with { EventId = Guid.CreateVersion7(), OccurredAt = DateTimeOffset.UtcNow, Removed = true },
            TestContext.Current.CancellationToken);
        await probe.Awarded.Bus.Publish(Candidatures.Reopened(accepted), TestContext.Current.CancellationToken);
        await inbox.HandledAsync(4);
        Assert.Empty(await ConsistencyApi.SettledAboutAsync(_gestionnaire, accepted.CandidatureId));
    }

    [Fact]
    public async Task Only_a_gestionnaire_reads_the_consistency_check()
    {
        using var instructeur = host.CreateClient("instructeur-1", Roles.Instructeur);
        using var anonymous = host.CreateClient();

        using var forbidden = await instructeur.GetAsync(ConsistencyApi.Path, TestContext.Current.CancellationToken);
        using var unauthorized = await anonymous.GetAsync(ConsistencyApi.Path, TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized), (forbidden.StatusCode, unauthorized.StatusCode));
        var report = await _gestionnaire.GetFromJsonAsync<JsonElement>(ConsistencyApi.Path, TestContext.Current.CancellationToken);
        Assert.True(report.GetProperty("checkedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    private async Task<JsonElement> GrantAsync(Guid id) =>
        await _gestionnaire.GetFromJsonAsync<JsonElement>($"/api/grants/{id}", TestContext.Current.CancellationToken);

    private async Task<decimal> CommittedAsync() =>
        (await ProgrammeApi.ReadAsync(_gestionnaire)).Programme.GetProperty("committed").GetDecimal();

    public void Dispose() => _gestionnaire.Dispose();
}

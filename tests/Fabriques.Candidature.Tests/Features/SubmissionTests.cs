using System.Net;
using System.Net.Http.Json;
using Fabriques.Candidature.Features;
using Fabriques.ServiceDefaults.Authentication;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Features;

public sealed class SubmissionTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private readonly Scenario _ = new(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_an_open_wave_a_submission_goes_to_the_scheduled_wave_whose_deadline_is_next()
    {
        var now = _.NewEra();
        var later = Id(await _.CreateWaveAsync(now.AddDays(40), now.AddDays(60)));
        var next = Id(await _.CreateWaveAsync(now.AddDays(3), now.AddDays(30))); // scheduled, not open yet
        var id = await _.DraftAsync();

        var submitted = await _.ActAsync(_.Porteur, id, "submit");

        Assert.Equal(("submitted", next), (State(submitted), submitted.GetProperty("waveId").GetGuid()));
        Assert.NotEqual(later, next);
    }

    [Fact]
    public async Task Without_any_wave_ahead_a_submission_is_a_409_and_the_draft_stays_a_draft()
    {
        var now = _.NewEra();
        await _.CreateWaveAsync(now.AddDays(1), now.AddDays(2));
        var id = await _.DraftAsync();
        host.Clock.Advance(TimeSpan.FromDays(2)); // its deadline passed: nothing ahead

        using var response = await _.PostAsync(_.Porteur, id, "submit");

        await ProblemAsync(response, HttpStatusCode.Conflict, CandidatureProblemTypes.NoOpenWave);
        Assert.Equal("draft", State(await _.GetAsync(id)));
    }

    [Fact]
    public async Task Applying_with_someone_elses_place_is_a_422_and_leaves_the_wave_to_its_owner()
    {
        await _.OpenWaveAsync();
        var placeId = await _.PlaceAsync(pivot: "40483304800022"); // registered by Scenario.Owner, run by another organisation
        using var intruder = host.CreateClient("porteur-2", Roles.Porteur);
        var theirs = Id(await _.DraftAsync(Body(placeId, intruder), intruder));

        using var refused = await _.PostAsync(intruder, theirs, "submit");

        var problem = await ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, CandidatureProblemTypes.Ineligible);
        Assert.Equal(["applicant.pivot"], ErrorFields(problem));
        Assert.Equal("draft", State(await _.GetAsync(theirs)));
        var owners = await _.SubmittedAsync(placeId);
        Assert.Equal("submitted", State(await _.GetAsync(owners)));
    }

    [Fact]
    public async Task Someone_else_may_apply_for_a_place_in_the_name_of_the_organisation_that_runs_it()
    {
        await _.OpenWaveAsync();
        var placeId = await _.PlaceAsync(pivot: OrganisationPivot);
        using var colleague = host.CreateClient("porteur-3", Roles.Porteur);
        var body = Body(placeId, colleague);
        body["applicant"]!["pivot"] = "73282932000033"; // another establishment, same SIREN
        var id = Id(await _.DraftAsync(body, colleague));

        Assert.Equal("submitted", State(await _.ActAsync(colleague, id, "submit")));
    }

    [Fact]
    public async Task A_submission_one_second_after_a_deadline_goes_to_the_next_wave()
    {
        var now = _.NewEra();
        var first = Id(await _.CreateWaveAsync(now.AddDays(-10), now.AddDays(1)));
        var next = Id(await _.CreateWaveAsync(now.AddDays(1), now.AddDays(60)));
        var onTime = await _.DraftAsync();
        var late = await _.DraftAsync();

        host.Clock.SetUtcNow(now.AddDays(1).AddSeconds(-1));
        var lastSecond = await _.ActAsync(_.Porteur, onTime, "submit");
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        var secondAfter = await _.ActAsync(_.Porteur, late, "submit");

        Assert.Equal(first, lastSecond.GetProperty("waveId").GetGuid());
        Assert.Equal(next, secondAfter.GetProperty("waveId").GetGuid());
    }

    [Fact]
    public async Task An_ineligible_candidature_is_a_422_listing_every_failed_rule()
    {
        await _.OpenWaveAsync();
        var body = Body(Guid.CreateVersion7()); // a place the directory never announced
        body["applicant"]!["pivot"] = "73282932000075";
        body["territory"] = new System.Text.Json.Nodes.JsonObject { ["kind"] = "outside-large-urban-centres" };
        body["funding"] = new System.Text.Json.Nodes.JsonObject { ["amountPerYear"] = 60000, ["durationYears"] = 4 };
        var id = Id(await _.DraftAsync(body));

        using var response = await _.PostAsync(_.Porteur, id, "submit");

        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity, CandidatureProblemTypes.Ineligible);
        Assert.Equal(["applicant.pivot", "digital", "funding", "funding.amountPerYear", "funding.durationYears", "placeId"], ErrorFields(problem));
        Assert.Equal("draft", State(await _.GetAsync(id)));
        Assert.Empty(await _.OutboxAsync(id));
    }

    [Fact]
    public async Task A_corrected_candidature_is_checked_again_when_resubmitted()
    {
        await _.OpenWaveAsync();
        var id = await _.UnderReviewAsync();
        await _.ActAsync(_.Instructeur, id, "return", new { motivation = "Précisez la durée." });
        var body = Body((await _.GetAsync(id)).GetProperty("placeId").GetGuid());
        body["funding"]!["durationYears"] = 5;
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Candidatures}/{id}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", await _.ETagAsync(id));
        using var edited = await _.Porteur.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        using var response = await _.PostAsync(_.Porteur, id, "submit");

        Assert.Equal(["funding", "funding.durationYears"],
            ErrorFields(await ProblemAsync(response, HttpStatusCode.UnprocessableEntity, CandidatureProblemTypes.Ineligible)));
    }

    [Fact]
    public async Task A_place_has_one_active_candidature_per_wave_even_when_both_are_submitted_at_once()
    {
        await _.OpenWaveAsync();
        var placeId = await _.PlaceAsync();
        var first = Id(await _.DraftAsync(Body(placeId)));
        var second = Id(await _.DraftAsync(Body(placeId)));

        var responses = await Task.WhenAll(_.PostAsync(_.Porteur, first, "submit"), _.PostAsync(_.Porteur, second, "submit"));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        await ProblemAsync(responses.Single(r => r.StatusCode != HttpStatusCode.OK), HttpStatusCode.Conflict, CandidatureProblemTypes.PlaceAlreadyCandidate);
        Assert.Equal(["draft", "submitted"], new[] { State(await _.GetAsync(first)), State(await _.GetAsync(second)) }.Order());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_returned_candidature_cannot_move_to_a_place_already_candidate_in_its_wave()
    {
        await _.OpenWaveAsync();
        var taken = (await _.GetAsync(await _.SubmittedAsync())).GetProperty("placeId").GetGuid();
        var id = await _.UnderReviewAsync();
        await _.ActAsync(_.Instructeur, id, "return", new { motivation = "Précisez le lieu." });
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Candidatures}/{id}") { Content = JsonContent.Create(Body(taken)) };
        request.Headers.TryAddWithoutValidation("If-Match", await _.ETagAsync(id));

        using var response = await _.Porteur.SendAsync(request, Ct);

        await ProblemAsync(response, HttpStatusCode.Conflict, CandidatureProblemTypes.PlaceAlreadyCandidate);
        Assert.NotEqual(taken, (await _.GetAsync(id)).GetProperty("placeId").GetGuid());
    }

    [Fact]
    public async Task A_refused_place_applies_again_in_a_later_wave()
    {
        await _.OpenWaveAsync();
        var placeId = await _.PlaceAsync();
        var refused = Id(await _.DraftAsync(Body(placeId)));
        await _.ActAsync(_.Porteur, refused, "submit");
        await _.ActAsync(_.Instructeur, refused, "review");
        await _.ActAsync(_.Instructeur, refused, "decision", new { decision = "rejected", motivation = "Projet à mûrir." });

        var later = Id(await _.OpenWaveAsync());
        var again = await _.ActAsync(_.Porteur, Id(await _.DraftAsync(Body(placeId))), "submit");

        Assert.Equal(("submitted", later), (State(again), again.GetProperty("waveId").GetGuid()));
    }
}

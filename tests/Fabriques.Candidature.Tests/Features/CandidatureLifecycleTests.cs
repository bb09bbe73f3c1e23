using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Candidature.Features;
using Fabriques.Contracts.Candidature;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.Testing;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Features;

public sealed class CandidatureLifecycleTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private readonly Scenario _ = new(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_candidature_goes_from_draft_to_accepted_through_corrections_with_its_history_and_events()
    {
        await using var accepted = await EventProbe<CandidatureAccepted>.StartAsync(host.BrokerUri);
        await using var returned = await EventProbe<CandidatureReturned>.StartAsync(host.BrokerUri);
        var wave = await _.OpenWaveAsync();
        var placeId = await _.PlaceAsync("06");

        using var created = await _.Porteur.PostAsJsonAsync(Candidatures, Body(placeId), Ct);
        var draft = await ReadAsync(created, HttpStatusCode.Created);
        var id = Id(draft);
        Assert.Equal($"{Candidatures}/{id}", created.Headers.Location?.ToString());
        Assert.Equal(("draft", "brouillon", Owner), (State(draft), draft.GetProperty("dsState").GetString(), draft.GetProperty("ownerId").GetString()));
        Assert.Equal(120000m, draft.GetProperty("funding").GetProperty("total").GetDecimal());

        using var read = await _.Porteur.GetAsync($"{Candidatures}/{id}", Ct);
        using var edited = await PutAsync(id, read.Headers.ETag!.Tag, "Fabrique des Moulins, version 2");
        Assert.Equal("Fabrique des Moulins, version 2", (await ReadAsync(edited, HttpStatusCode.OK)).GetProperty("project").GetProperty("title").GetString());
        Assert.NotEqual(read.Headers.ETag, edited.Headers.ETag);

        var submitted = await _.ActAsync(_.Porteur, id, "submit");
        Assert.Equal(("submitted", "en_construction", Id(wave)), (State(submitted), submitted.GetProperty("dsState").GetString(), submitted.GetProperty("waveId").GetGuid()));
        Assert.Equal("en_instruction", (await _.ActAsync(_.Instructeur, id, "review")).GetProperty("dsState").GetString());
        var back = await _.ActAsync(_.Instructeur, id, "return", new { motivation = "Précisez le budget de la deuxième année." });
        Assert.Equal(("returned", "en_construction"), (State(back), back.GetProperty("dsState").GetString()));

        using var corrected = await PutAsync(id, await _.ETagAsync(id), "Fabrique des Moulins, budget précisé");
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal(Id(wave), (await _.ActAsync(_.Porteur, id, "submit")).GetProperty("waveId").GetGuid());
        await _.ActAsync(_.Instructeur, id, "review");
        var decided = await _.ActAsync(_.Instructeur, id, "decision", new { decision = "accepted", motivation = "Projet solide.", score = 17.5 });

        Assert.Equal(("accepted", "accepte", 17.5m), (State(decided), decided.GetProperty("dsState").GetString(), decided.GetProperty("score").GetDecimal()));
        var history = (await _.GetAsync(id, _.Porteur)).GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(
            ["draft>submitted", "submitted>under-review", "under-review>returned", "returned>submitted", "submitted>under-review", "under-review>accepted"],
            history.Select(h => $"{h.GetProperty("from").GetString()}>{h.GetProperty("to").GetString()}"));
        Assert.Equal(("instructeur-1", "Précisez le budget de la deuxième année."), (history[2].GetProperty("by").GetString(), history[2].GetProperty("motivation").GetString()));
        Assert.Equal(Owner, history[3].GetProperty("by").GetString());
        Assert.Equal(_.Now, history[5].GetProperty("at").GetDateTimeOffset());
        Assert.Equal(1, (await _.WaveAsync(Id(wave))).GetProperty("laureates").GetInt32());

        var grantInput = (await accepted.WaitForAsync(e => e.CandidatureId == id)).Message;
        Assert.Equal((placeId, Id(wave), TerritoryKind.Qpv, "QN06801M", true, 40000m, 3, "06"),
            (grantInput.PlaceId, grantInput.WaveId, grantInput.Territory, grantInput.QpvCode, grantInput.Digital, grantInput.AmountPerYear, grantInput.DurationYears, grantInput.DepartmentCode));
        Assert.Equal(("Association Les Moulins", "Camille Martin", "camille@moulins.example"),
            (grantInput.Contact.OrganisationName, grantInput.Contact.Name, grantInput.Contact.Email));
        Assert.Equal((Owner, "Fabrique des Moulins, budget précisé", 17.5m), (grantInput.OwnerId, grantInput.ProjectTitle, grantInput.Score));
        Assert.Equal("Précisez le budget de la deuxième année.", (await returned.WaitForAsync(e => e.CandidatureId == id)).Message.Motivation);
        Assert.Equal(
            ["candidature.submitted", "candidature.review-started", "candidature.returned", "candidature.submitted", "candidature.review-started", "candidature.accepted"],
            (await _.OutboxAsync(id)).Select(t => t["fr.anct.fabriques.".Length..]));
    }

    [Fact]
    public async Task An_action_from_the_wrong_state_is_a_409_naming_the_current_and_the_allowed_states()
    {
        await _.OpenWaveAsync();
        var id = await _.DraftAsync();

        using var review = await _.PostAsync(_.Instructeur, id, "review");
        var problem = await ProblemAsync(review, HttpStatusCode.Conflict, CandidatureProblemTypes.InvalidTransition);

        Assert.Equal("draft", problem.GetProperty("currentState").GetString());
        Assert.Equal(["submitted"], problem.GetProperty("allowedStates").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("« draft »", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("« submitted »", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("draft", State(await _.GetAsync(id)));
        Assert.Empty(await _.OutboxAsync(id));
    }

    [Fact]
    public async Task Of_two_reviewers_starting_the_same_review_at_once_one_succeeds_and_one_event_is_published()
    {
        await _.OpenWaveAsync();
        var id = await _.SubmittedAsync();
        using var other = host.CreateClient("instructeur-2", ServiceDefaults.Authentication.Roles.Instructeur);

        var responses = await Task.WhenAll(_.PostAsync(_.Instructeur, id, "review"), _.PostAsync(other, id, "review"));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, responses.Single(r => r.StatusCode != HttpStatusCode.OK).StatusCode);
        Assert.Single(await _.OutboxAsync(id), t => t.EndsWith("candidature.review-started", StringComparison.Ordinal));
        Assert.Single((await _.GetAsync(id)).GetProperty("history").EnumerateArray(), h => h.GetProperty("to").GetString() == "under-review");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Rejecting_dismissing_returning_and_reopening_must_be_motivated()
    {
        await _.OpenWaveAsync();
        var id = await _.UnderReviewAsync();

        foreach (var (action, body) in new (string, object)[]
                 {
                     ("decision", new { decision = "rejected" }), ("decision", new { decision = "dismissed", motivation = "  " }),
                     ("return", new { }), ("reopen", new { motivation = "" }),
                 })
        {
            using var response = await _.PostAsync(_.Instructeur, id, action, body);
            Assert.Equal(["motivation"], ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.Validation)));
        }
        using var noDecision = await _.PostAsync(_.Instructeur, id, "decision", new { motivation = "?" });
        using var badScore = await _.PostAsync(_.Instructeur, id, "decision", new { decision = "accepted", score = 101 });
        using var unknownDecision = await _.PostAsync(_.Instructeur, id, "decision", new { decision = "maybe" });

        Assert.Equal(["decision"], ErrorFields(await ProblemAsync(noDecision, HttpStatusCode.BadRequest, ProblemTypes.Validation)));
        Assert.Equal(["score"], ErrorFields(await ProblemAsync(badScore, HttpStatusCode.BadRequest, ProblemTypes.Validation)));
        Assert.Equal(HttpStatusCode.BadRequest, unknownDecision.StatusCode);
        Assert.Equal("under-review", State(await _.GetAsync(id)));
    }

    [Fact]
    public async Task A_rejection_and_a_dismissal_carry_their_motivation_to_the_porteur()
    {
        await _.OpenWaveAsync();
        var rejected = await _.UnderReviewAsync();
        var dismissed = await _.UnderReviewAsync();

        var refusal = await _.ActAsync(_.Instructeur, rejected, "decision", new { decision = "rejected", motivation = "Budget insuffisamment étayé.", score = 8 });
        var closed = await _.ActAsync(_.Instructeur, dismissed, "decision", new { decision = "dismissed", motivation = "Dossier incomplet." });

        Assert.Equal(("rejected", "refuse"), (State(refusal), refusal.GetProperty("dsState").GetString()));
        Assert.Equal(("dismissed", "sans_suite"), (State(closed), closed.GetProperty("dsState").GetString()));
        Assert.Equal("Budget insuffisamment étayé.", refusal.GetProperty("history").EnumerateArray().Last().GetProperty("motivation").GetString());
        Assert.Equal("fr.anct.fabriques.candidature.rejected", (await _.OutboxAsync(rejected))[^1]);
        Assert.Equal("fr.anct.fabriques.candidature.dismissed", (await _.OutboxAsync(dismissed))[^1]);
    }

    [Fact]
    public async Task Reopening_an_acceptance_puts_it_back_under_review_and_gives_its_place_back_to_the_wave()
    {
        var wave = Id(await _.OpenWaveAsync());
        var id = await _.AcceptedAsync();
        Assert.Equal(1, (await _.WaveAsync(wave)).GetProperty("laureates").GetInt32());

        var reopened = await _.ActAsync(_.Instructeur, id, "reopen", new { motivation = "Erreur sur le montant." });

        Assert.Equal(("under-review", JsonValueKind.Null), (State(reopened), reopened.GetProperty("score").ValueKind));
        Assert.Equal(0, (await _.WaveAsync(wave)).GetProperty("laureates").GetInt32());
        Assert.Equal("fr.anct.fabriques.candidature.reopened", (await _.OutboxAsync(id))[^1]);
        var rejected = await _.ActAsync(_.Instructeur, id, "decision", new { decision = "rejected", motivation = "Montant hors plafond." });
        Assert.Equal("under-review", State(await _.ActAsync(_.Instructeur, Id(rejected), "reopen", new { motivation = "Recours gracieux." })));
    }

    [Fact]
    public async Task The_owner_withdraws_a_candidature_before_the_decision_and_not_after()
    {
        await _.OpenWaveAsync();
        var underReview = await _.UnderReviewAsync();
        var accepted = await _.AcceptedAsync();

        var withdrawn = await _.ActAsync(_.Porteur, underReview, "withdraw");
        using var tooLate = await _.PostAsync(_.Porteur, accepted, "withdraw");

        Assert.Equal(("withdrawn", "sans_suite"), (State(withdrawn), withdrawn.GetProperty("dsState").GetString()));
        var problem = await ProblemAsync(tooLate, HttpStatusCode.Conflict, CandidatureProblemTypes.InvalidTransition);
        Assert.Equal("accepted", problem.GetProperty("currentState").GetString());
        Assert.Equal(["draft", "submitted", "returned", "under-review"], problem.GetProperty("allowedStates").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Editing_needs_the_current_ETag_and_a_draft_or_returned_candidature()
    {
        await _.OpenWaveAsync();
        var id = await _.DraftAsync();
        var etag = await _.ETagAsync(id);

        using var missing = await PutAsync(id, null, "Sans If-Match");
        using var first = await PutAsync(id, etag, "Première modification");
        using var stale = await PutAsync(id, etag, "Modification sur une version périmée");
        await _.ActAsync(_.Porteur, id, "submit");
        using var submitted = await PutAsync(id, await _.ETagAsync(id), "Après dépôt");

        await ProblemAsync(missing, HttpStatusCode.PreconditionRequired, ProblemTypes.PreconditionRequired);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await ProblemAsync(stale, HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
        var problem = await ProblemAsync(submitted, HttpStatusCode.Conflict, CandidatureProblemTypes.InvalidTransition);
        Assert.Equal(["draft", "returned"], problem.GetProperty("allowedStates").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("Première modification", (await _.GetAsync(id)).GetProperty("project").GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_malformed_draft_is_a_400_naming_every_broken_field()
    {
        var body = Body(Guid.Empty);
        body.Remove("applicant");
        body["project"]!["title"] = "Titre\0nul";
        body["project"]!["jobsFte"] = -1;
        body["funding"]!["amountPerYear"] = 40000.123;
        body["funding"]!["durationYears"] = 0;

        using var response = await _.Porteur.PostAsJsonAsync(Candidatures, body, Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["applicant", "funding.amountPerYear", "funding.durationYears", "placeId", "project.jobsFte", "project.title"], ErrorFields(problem));
    }

    [Theory]
    [InlineData("placeId", "\"not-a-uuid\"")]
    [InlineData("territory", "{\"kind\": \"downtown\"}")]
    [InlineData("funding", "{\"amountPerYear\": \"beaucoup\", \"durationYears\": 3}")]
    [InlineData("funding", "{\"amountPerYear\": 1e40, \"durationYears\": 3}")]
    [InlineData("funding", "{\"amountPerYear\": 40000, \"durationYears\": 1e12}")]
    [InlineData("digital", "\"oui\"")]
    [InlineData("project", "{\"title\": \"\\ud800\", \"summary\": \"s\"}")]
    public async Task A_value_that_cannot_be_read_is_a_400_problem_not_a_failure(string field, string rawJson)
    {
        var body = Body(Guid.CreateVersion7());
        body[field] = "__value__";
        var json = body.ToJsonString().Replace("\"__value__\"", rawJson, StringComparison.Ordinal);

        using var response = await _.Porteur.PostAsync(Candidatures, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);

        var problem = await ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(problem.GetProperty("type").GetString(), new[] { ProblemTypes.MalformedRequest, ProblemTypes.Validation });
    }

    /// <summary>Replaces the candidature's content with a valid one titled <paramref name="title"/>.</summary>
    private async Task<HttpResponseMessage> PutAsync(Guid id, string? etag, string title)
    {
        var body = Body((await _.GetAsync(id)).GetProperty("placeId").GetGuid());
        body["project"]!["title"] = title;
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Candidatures}/{id}") { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        return await _.Porteur.SendAsync(request, Ct);
    }
}

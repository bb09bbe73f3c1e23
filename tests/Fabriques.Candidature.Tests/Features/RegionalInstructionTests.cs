using System.Net;
using System.Text.Json;
using Fabriques.Candidature.Features;
using Fabriques.Contracts.Directory;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.Testing;
using Microsoft.EntityFrameworkCore;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Features;

/// <summary>Instructeurs by région, assignment and opinions on the scoring grid, through the service's HTTP API.</summary>
public sealed class RegionalInstructionTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private const string GrandEst = "44";
    private const string Paca = "93";

    private readonly Scenario _ = new(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly object Grid = new
    {
        verdict = "favourable",
        scores = new { governance = 4, partnerships = 3, territorialNeed = 5, economicModel = 2, services = 4, digitalInclusion = 5 },
        comment = "Ancrage local solide, modèle économique à consolider.",
    };

    [Fact]
    public async Task A_regional_instructeur_sees_and_acts_only_on_candidatures_of_their_region_and_others_get_a_404()
    {
        var wave = Id(await _.OpenWaveAsync());
        var inGrandEst = await _.SubmittedAsync(await _.PlaceAsync("67", GrandEst));
        var inPaca = await _.SubmittedAsync(await _.PlaceAsync("06", Paca));
        using var grandEst = _.RegionalInstructeur("instructeur-grand-est", GrandEst);
        using var twoRegions = _.RegionalInstructeur("instructeur-deux-regions", GrandEst, Paca);

        Assert.Equal(Sorted(inGrandEst), await IdsAsync(grandEst, $"wave={wave}"));
        Assert.Equal(Sorted(inGrandEst, inPaca), await IdsAsync(twoRegions, $"wave={wave}"));
        Assert.Equal(Sorted(inGrandEst, inPaca), await IdsAsync(_.Instructeur, $"wave={wave}"));
        Assert.Equal(Sorted(inPaca), await IdsAsync(_.Gestionnaire, $"wave={wave}&region={Paca}"));
        Assert.Empty(await IdsAsync(grandEst, $"wave={wave}&region={Paca}"));

        using var read = await grandEst.GetAsync($"{Candidatures}/{inPaca}", Ct);
        using var review = await _.PostAsync(grandEst, inPaca, "review");
        using var assign = await _.PostAsync(grandEst, inPaca, "assign", new { instructeurId = "instructeur-grand-est" });
        using var opinion = await _.PostAsync(grandEst, inPaca, "opinions", Grid);
        using var opinions = await grandEst.GetAsync($"{Candidatures}/{inPaca}/opinions", Ct);
        using var documents = await grandEst.GetAsync($"{Candidatures}/{inPaca}/documents", Ct);
        foreach (var response in new[] { read, review, assign, opinion, opinions, documents })
        {
            await ProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }
        Assert.Equal("submitted", State(await _.GetAsync(inPaca)));

        Assert.Equal("under-review", State(await _.ActAsync(grandEst, inGrandEst, "review")));
        Assert.Equal("under-review", State(await _.GetAsync(inGrandEst, grandEst)));
    }

    [Fact]
    public async Task A_candidature_follows_its_place_when_the_directory_moves_it_to_another_region()
    {
        await _.OpenWaveAsync();
        var place = await _.PlaceAsync("06", Paca);
        var id = await _.SubmittedAsync(place);
        using var grandEst = _.RegionalInstructeur("instructeur-grand-est-2", GrandEst);
        using var before = await grandEst.GetAsync($"{Candidatures}/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);

        await host.PublishAsync(new PlaceUpdated
        {
            PlaceId = place, Name = "Tiers-lieu des Moulins", InseeCode = "67482", DepartmentCode = "67", RegionCode = GrandEst,
            OwnerId = Owner, OccurredAt = _.Now.AddMinutes(1),
        });
        await Eventually.SucceedsAsync(async () =>
            await host.QueryAsync(db => db.Places.AnyAsync(p => p.Id == place && p.RegionCode == GrandEst, Ct)),
            TimeSpan.FromSeconds(30), "the place's new région did not reach the candidature service");

        Assert.Equal(id, Id(await _.GetAsync(id, grandEst)));
    }

    [Fact]
    public async Task An_instructeur_takes_a_candidature_a_gestionnaire_assigns_anyone_and_the_history_says_who_assigned_whom()
    {
        await _.OpenWaveAsync();
        var id = await _.SubmittedAsync();
        using var first = host.CreateClient("instructeur-assign-a", Roles.Instructeur);
        using var second = host.CreateClient("instructeur-assign-b", Roles.Instructeur);

        using var forOther = await _.PostAsync(first, id, "assign", new { instructeurId = "instructeur-assign-b" });
        await ProblemAsync(forOther, HttpStatusCode.Forbidden, CandidatureProblemTypes.AssignmentForbidden);
        using var empty = await _.PostAsync(first, id, "assign", new { instructeurId = " " });
        Assert.Equal(new[] { "instructeurId" }, ErrorFields(await ReadAsync(empty, HttpStatusCode.BadRequest)));
        using var byPorteur = await _.PostAsync(_.Porteur, id, "assign", new { instructeurId = Owner });
        Assert.Equal(HttpStatusCode.Forbidden, byPorteur.StatusCode);

        var taken = await _.ActAsync(first, id, "assign", new { instructeurId = "instructeur-assign-a" });
        Assert.Equal("instructeur-assign-a", taken.GetProperty("assignedTo").GetString());
        Assert.Equal("submitted", State(taken));
        Assert.Equal(Sorted(id), await IdsAsync(first, "assignedTo=me"));
        Assert.Empty(await IdsAsync(second, "assignedTo=me"));

        var reassigned = await _.ActAsync(_.Gestionnaire, id, "assign", new { instructeurId = "instructeur-assign-b" });
        Assert.Equal("instructeur-assign-b", reassigned.GetProperty("assignedTo").GetString());
        Assert.Equal(Sorted(id), await IdsAsync(second, "assignedTo=me"));
        Assert.Empty(await IdsAsync(first, "assignedTo=me"));
        Assert.Equal(Sorted(id), await IdsAsync(_.Gestionnaire, "assignedTo=instructeur-assign-b"));

        var assignments = reassigned.GetProperty("history").EnumerateArray()
            .Where(h => h.GetProperty("assignedTo").ValueKind == JsonValueKind.String)
            .Select(h => (By: h.GetProperty("by").GetString()!, To: h.GetProperty("assignedTo").GetString()!, State: h.GetProperty("to").GetString()!))
            .ToList();
        Assert.Equal(
            new[] { ("instructeur-assign-a", "instructeur-assign-a", "submitted"), ("gestionnaire-1", "instructeur-assign-b", "submitted") },
            assignments);
    }

    [Fact]
    public async Task A_draft_is_not_assigned_before_its_submission()
    {
        await _.OpenWaveAsync();
        var draft = await _.DraftAsync();

        using var response = await _.PostAsync(_.Gestionnaire, draft, "assign", new { instructeurId = "instructeur-1" });

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, CandidatureProblemTypes.InvalidTransition);
        Assert.Equal("draft", problem.GetProperty("currentState").GetString());
    }

    [Fact]
    public async Task Opinions_on_the_grid_are_totalled_for_instructeurs_and_gestionnaires_and_hidden_from_the_porteur_and_from_events()
    {
        await _.OpenWaveAsync();
        var id = await _.UnderReviewAsync();
        var eventsBefore = await _.OutboxAsync(id);

        using var given = await _.PostAsync(_.Instructeur, id, "opinions", Grid);
        var opinion = await ReadAsync(given, HttpStatusCode.Created);
        Assert.Equal(23, opinion.GetProperty("total").GetInt32());
        Assert.Equal(30, opinion.GetProperty("maxTotal").GetInt32());
        Assert.Equal("favourable", opinion.GetProperty("verdict").GetString());
        Assert.Equal("instructeur-1", opinion.GetProperty("authorId").GetString());
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await ReadAsync(await _.PostAsync(_.Instructeur, id, "opinions", new
        {
            verdict = "reserved", scores = new { governance = 1, partnerships = 1, territorialNeed = 1, economicModel = 1, services = 1, digitalInclusion = 1 },
        }), HttpStatusCode.Created);

        foreach (var reader in new[] { _.Instructeur, _.Gestionnaire })
        {
            using var list = await reader.GetAsync($"{Candidatures}/{id}/opinions", Ct);
            var items = (await ReadAsync(list, HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(new[] { 23, 6 }, items.Select(i => i.GetProperty("total").GetInt32()));
            Assert.Equal("Ancrage local solide, modèle économique à consolider.", items[0].GetProperty("comment").GetString());
        }

        using var porteurReads = await _.Porteur.GetAsync($"{Candidatures}/{id}/opinions", Ct);
        using var porteurGives = await _.PostAsync(_.Porteur, id, "opinions", Grid);
        Assert.Equal(HttpStatusCode.Forbidden, porteurReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, porteurGives.StatusCode);
        using var ownView = await _.Porteur.GetAsync($"{Candidatures}/{id}", Ct);
        var text = await ownView.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("favourable", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ancrage local", text, StringComparison.Ordinal);
        Assert.Equal(eventsBefore, await _.OutboxAsync(id));
    }

    [Fact]
    public async Task An_opinion_off_the_grid_names_each_wrong_criterion_and_none_is_given_once_decided()
    {
        await _.OpenWaveAsync();
        var id = await _.UnderReviewAsync();

        using var offGrid = await _.PostAsync(_.Instructeur, id, "opinions", new
        {
            verdict = "maybe", scores = new { governance = 6, partnerships = -1, territorialNeed = 3, economicModel = 3, services = 3 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, offGrid.StatusCode);
        using var missing = await _.PostAsync(_.Instructeur, id, "opinions", new
        {
            scores = new { governance = 6, partnerships = -1, territorialNeed = 3, economicModel = 3, services = 3 },
        });
        Assert.Equal(
            new[] { "scores.digitalInclusion", "scores.governance", "scores.partnerships", "verdict" },
            ErrorFields(await ReadAsync(missing, HttpStatusCode.BadRequest)));

        await _.ActAsync(_.Instructeur, id, "decision", new { decision = "rejected", motivation = "Hors critères." });
        using var late = await _.PostAsync(_.Instructeur, id, "opinions", Grid);
        await ProblemAsync(late, HttpStatusCode.Conflict, CandidatureProblemTypes.InvalidTransition);
        Assert.Equal(0, await host.QueryAsync(db => db.Opinions.CountAsync(o => o.CandidatureId == id, Ct)));
    }

    private async Task<List<Guid>> IdsAsync(HttpClient client, string query) =>
        Sorted([.. (await _.ListAsync(client, $"{query}&pageSize=200")).GetProperty("items").EnumerateArray().Select(Id)]);

    private static List<Guid> Sorted(params Guid[] ids) => [.. ids.Order()];
}

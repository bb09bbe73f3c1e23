using System.Net;
using System.Net.Http.Json;
using Fabriques.Candidature.Features;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Features;

public sealed class AccessTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private readonly Scenario _ = new(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Candidature_routes_need_a_token_and_a_role_that_may_use_them()
    {
        await _.OpenWaveAsync();
        var id = await _.SubmittedAsync();
        using var anonymous = host.CreateClient();
        using var partenaire = host.CreateClient("partenaire-1", Roles.Partenaire);

        using var withoutToken = await anonymous.GetAsync($"{Candidatures}/{id}", Ct);
        using var reviewerCreates = await _.Instructeur.PostAsJsonAsync(Candidatures, Body(Guid.CreateVersion7()), Ct);
        using var porteurReviews = await _.PostAsync(_.Porteur, id, "review");
        using var managerDecides = await _.PostAsync(_.Gestionnaire, id, "decision", new { decision = "accepted" });
        using var reviewerWithdraws = await _.PostAsync(_.Instructeur, id, "withdraw");
        using var partnerLists = await partenaire.GetAsync(Candidatures, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.All([reviewerCreates, porteurReviews, managerDecides, reviewerWithdraws, partnerLists],
            r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal("submitted", State(await _.GetAsync(id)));
    }

    [Fact]
    public async Task Nobody_instructs_or_decides_a_candidature_they_own_even_holding_the_instructeur_role()
    {
        await _.OpenWaveAsync();
        using var both = host.CreateClient("porteur-et-instructeur", Roles.Porteur, Roles.Instructeur);
        var submitted = await _.SubmittedAsync(both);
        var underReview = await _.UnderReviewAsync(both);

        using var review = await _.PostAsync(both, submitted, "review");
        using var decide = await _.PostAsync(both, underReview, "decision", new { decision = "accepted", motivation = "Excellent dossier.", score = 100 });
        using var giveBack = await _.PostAsync(both, underReview, "return", new { motivation = "Complétez." });

        var problem = await ProblemAsync(decide, HttpStatusCode.Forbidden, CandidatureProblemTypes.OwnCandidature);
        Assert.Contains("que vous portez", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAsync(review, HttpStatusCode.Forbidden, CandidatureProblemTypes.OwnCandidature);
        await ProblemAsync(giveBack, HttpStatusCode.Forbidden, CandidatureProblemTypes.OwnCandidature);
        Assert.Equal(("submitted", "under-review"), (State(await _.GetAsync(submitted)), State(await _.GetAsync(underReview))));
        // Another instructeur may.
        await _.ActAsync(_.Instructeur, submitted, "review");
    }

    [Fact]
    public async Task A_porteur_sees_and_changes_only_their_own_candidatures_and_others_get_a_404()
    {
        await _.OpenWaveAsync();
        var id = await _.DraftAsync();
        using var other = host.CreateClient("porteur-2", Roles.Porteur);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Candidatures}/{id}") { Content = JsonContent.Create(Body(Guid.CreateVersion7())) };
        request.Headers.TryAddWithoutValidation("If-Match", await _.ETagAsync(id));

        using var read = await other.GetAsync($"{Candidatures}/{id}", Ct);
        using var edit = await other.SendAsync(request, Ct);
        using var submit = await _.PostAsync(other, id, "submit");
        using var withdraw = await _.PostAsync(other, id, "withdraw");
        using var unknown = await _.Porteur.GetAsync($"{Candidatures}/{Guid.CreateVersion7()}", Ct);

        foreach (var response in new[] { read, edit, submit, withdraw, unknown })
        {
            await ProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }
        Assert.Equal(0, (await _.ListAsync(other, "")).GetProperty("total").GetInt64());
        Assert.Equal("draft", State(await _.GetAsync(id, _.Porteur)));
        Assert.Equal("draft", State(await _.GetAsync(id, _.Gestionnaire)));
    }

    [Fact]
    public async Task Lists_filter_by_wave_state_department_and_digital_and_a_porteur_lists_only_their_own()
    {
        var wave = Id(await _.OpenWaveAsync());
        using var porteur = host.CreateClient("porteur-lists", Roles.Porteur);
        var niceDigital = await _.SubmittedAsync(porteur, "06");
        var draft93 = await _.DraftAsync(porteur, "93");
        var outside = Scenario.Body(await _.PlaceAsync("2A"));
        outside["territory"] = new System.Text.Json.Nodes.JsonObject { ["kind"] = "outside-large-urban-centres" };
        outside["digital"] = false;
        var corsica = Id(await _.DraftAsync(outside, porteur));
        await _.ActAsync(porteur, corsica, "submit");
        var someoneElses = await _.SubmittedAsync();

        Assert.Equal(Sorted(niceDigital, corsica, someoneElses), await IdsAsync(_.Instructeur, $"wave={wave}"));
        Assert.Equal(Sorted(niceDigital, corsica), await IdsAsync(porteur, $"wave={wave}"));
        Assert.Equal(Sorted(draft93, niceDigital, corsica), await IdsAsync(porteur, ""));
        Assert.Equal(Sorted(draft93), await IdsAsync(porteur, "state=draft"));
        Assert.Equal(Sorted(corsica), await IdsAsync(_.Gestionnaire, $"wave={wave}&department=2A"));
        Assert.Equal(Sorted(corsica), await IdsAsync(porteur, "digital=false"));
        Assert.Equal(Sorted(niceDigital, someoneElses), await IdsAsync(_.Instructeur, $"wave={wave}&state=submitted&digital=true&department=06"));

        var page = await _.ListAsync(porteur, "state=submitted&department=2A&page=1&pageSize=2");
        Assert.Equal((1, 2, 1L), (page.GetProperty("page").GetInt32(), page.GetProperty("pageSize").GetInt32(), page.GetProperty("total").GetInt64()));
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal((corsica, "en_construction", "outside-large-urban-centres", 120000m),
            (Id(item), item.GetProperty("dsState").GetString(), item.GetProperty("territory").GetString(), item.GetProperty("funding").GetProperty("total").GetDecimal()));
        var secondPage = await _.ListAsync(porteur, "page=2&pageSize=2");
        Assert.Equal((1, 3L), (secondPage.GetProperty("items").GetArrayLength(), secondPage.GetProperty("total").GetInt64()));
    }

    [Theory]
    [InlineData("wave=abc", "wave")]
    [InlineData("state=under_review", "state")]
    [InlineData("department=999", "department")]
    [InlineData("digital=oui", "digital")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=2147483647&pageSize=200", "page")]
    [InlineData("assignedTo=%00", "assignedTo")]
    public async Task A_bad_filter_is_a_400_naming_it(string query, string field)
    {
        using var response = await _.Instructeur.GetAsync($"{Candidatures}?{query}", Ct);

        Assert.Equal([field], ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.Validation)));
    }

    /// <summary>The ids listed, sorted: these candidatures are created at one instant of the test clock.</summary>
    private async Task<List<Guid>> IdsAsync(HttpClient client, string query) =>
        Sorted([.. (await _.ListAsync(client, $"{query}&pageSize=200")).GetProperty("items").EnumerateArray().Select(Id)]);

    private static List<Guid> Sorted(params Guid[] ids) => [.. ids.Order()];
}

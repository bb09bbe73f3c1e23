using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Contracts.Candidature;
using Fabriques.Grants.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;

namespace Fabriques.Grants.Tests.Features;

public sealed class ListGrantsTests(GrantsHost host) : IClassFixture<GrantsHost>, IDisposable
{
    private readonly HttpClient _gestionnaire = host.CreateClient("gestionnaire-1", Roles.Gestionnaire);

    [Fact]
    public async Task Grants_are_filtered_by_state_department_and_digital()
    {
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire);
        await using var probe = await AwardProbe.StartAsync(host);
        var digitalIn971 = await probe.AwardAsync(Candidatures.Accepted(TerritoryKind.Qpv, digital: true, department: "971"));
        var plainIn971 = await probe.AwardAsync(Candidatures.Accepted(TerritoryKind.Qpv, department: "971"));
        var outsideIn2A = await probe.AwardAsync(Candidatures.Accepted(TerritoryKind.OutsideLargeUrbanCentres, department: "2A"));
        (await _gestionnaire.PostAsJsonAsync($"/api/grants/{plainIn971.GrantId}/cancel", new { motivation = "Doublon" },
            TestContext.Current.CancellationToken)).Dispose();

        Assert.Equal([digitalIn971.GrantId, plainIn971.GrantId], await IdsAsync("department=971"));
        Assert.Equal([outsideIn2A.GrantId], await IdsAsync("department=2a"));
        Assert.Equal([digitalIn971.GrantId], await IdsAsync("department=971&digital=true"));
        Assert.Equal([plainIn971.GrantId], await IdsAsync("department=971&state=cancelled"));
        Assert.Equal([digitalIn971.GrantId], await IdsAsync("department=971&state=active"));
    }

    [Fact]
    public async Task Lists_are_paged_newest_first_with_the_total()
    {
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire);
        await using var probe = await AwardProbe.StartAsync(host);
        var first = await probe.AwardAsync(Candidatures.Accepted(department: "972"));
        var second = await probe.AwardAsync(Candidatures.Accepted(department: "972"));

        var page1 = await _gestionnaire.GetFromJsonAsync<JsonElement>("/api/grants?department=972&pageSize=1&page=1", TestContext.Current.CancellationToken);
        var page2 = await _gestionnaire.GetFromJsonAsync<JsonElement>("/api/grants?department=972&pageSize=1&page=2", TestContext.Current.CancellationToken);

        Assert.Equal((2, 1, 1), (page1.GetProperty("total").GetInt32(), page1.GetProperty("page").GetInt32(), page1.GetProperty("pageSize").GetInt32()));
        Assert.Equal(second.GrantId, Assert.Single(page1.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(first.GrantId, Assert.Single(page2.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Bad_filters_are_a_400_naming_each_parameter()
    {
        using var response = await _gestionnaire.GetAsync("/api/grants?state=paid&digital=oui&page=0&pageSize=500",
            TestContext.Current.CancellationToken);

        await response.AssertInvalidAsync("state", "digital", "page", "pageSize");
    }

    [Fact]
    public async Task Only_a_gestionnaire_lists_the_grants()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        using var anonymous = host.CreateClient();

        using var byPorteur = await porteur.GetAsync("/api/grants", TestContext.Current.CancellationToken);
        using var byAnonymous = await anonymous.GetAsync("/api/grants", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, byPorteur.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byAnonymous.StatusCode);
    }

    private async Task<List<Guid>> IdsAsync(string query) =>
        (await Ledger.AllGrantsAsync(_gestionnaire, "&" + query)).Select(g => g.GetProperty("id").GetGuid()).Order().ToList();

    public void Dispose() => _gestionnaire.Dispose();
}

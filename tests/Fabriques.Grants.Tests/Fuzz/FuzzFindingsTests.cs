using System.Net;
using System.Net.Http.Json;
using Fabriques.Grants.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;

namespace Fabriques.Grants.Tests.Fuzz;

/// <summary>
/// Cases the fuzzer found, on a database of their own: the fuzzer's hostile programme settings (a tiny envelope, caps
/// reached) would otherwise refuse the awards these cases start from, depending on the order the tests run in.
/// </summary>
public sealed class FuzzFindingsTests(GrantsHost host) : IClassFixture<GrantsHost>
{
    /// <summary>Found by the fuzzer: PostgreSQL refuses a NUL character in text, and the cancellation answered a 500.</summary>
    [Theory]
    [InlineData("cancel", "motivation")]
    [InlineData("instalments/1/pay", "reference")]
    public async Task Text_with_a_NUL_character_is_a_400_naming_its_field(string action, string field)
    {
        using var gestionnaire = host.CreateClient("anct-nul", Roles.Gestionnaire);
        await using var probe = await AwardProbe.StartAsync(host);
        var grant = await probe.AwardAsync(Candidatures.Accepted());

        using var response = await gestionnaire.PostAsJsonAsync($"/api/grants/{grant.GrantId}/{action}",
            new Dictionary<string, string> { [field] = "Motif\u0000nul", ["paidOn"] = "2026-01-15" }, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }
}

using System.Globalization;
using System.Net;
using Fabriques.Candidature.Consumers;
using Fabriques.Candidature.Features;
using Fabriques.Contracts.Grants;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Consumers;

/// <summary>
/// The caps, durations and targets a submission must fit are the grants service's, announced on the real broker by
/// <c>ProgrammeSettingsChanged</c>; the contract's defaults until the first announcement.
/// </summary>
public sealed class ProgrammeRulesTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private readonly Scenario _ = new(host);

    [Fact]
    public async Task Submissions_are_checked_against_the_last_settings_announced_and_a_late_older_one_changes_nothing()
    {
        await _.OpenWaveAsync();
        var before = await _.DraftAsync(); // 40 000 € a year for 3 years: eligible under the defaults
        Assert.Equal("submitted", State(await _.ActAsync(_.Porteur, before, "submit")));
        using var deliveries = new Deliveries(host, nameof(ProgrammeSettingsChangedConsumer));

        await host.PublishAsync(ProgrammeSettingsChanged.Default with
        {
            MaxPerYear = 30_000m, MinTotal = 60_000m, MaxTotal = 90_000m, DigitalTarget = 0, OccurredAt = _.Now,
        });
        await deliveries.WaitForAsync(1);
        await host.PublishAsync(ProgrammeSettingsChanged.Default with { OccurredAt = _.Now.AddMinutes(-1) }); // delayed, older
        await deliveries.WaitForAsync(2);

        using var refused = await _.PostAsync(_.Porteur, await _.DraftAsync(), "submit");
        var problem = await ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, CandidatureProblemTypes.Ineligible);
        Assert.Equal(["digital", "funding", "funding.amountPerYear"], ErrorFields(problem));
        Assert.Contains(30_000m.ToString("#,##0", CultureInfo.GetCultureInfo("fr-FR")) + " €", problem.GetProperty("errors").GetProperty("funding.amountPerYear")[0].GetString(), StringComparison.Ordinal);

        var body = Body(await _.PlaceAsync());
        body["digital"] = false;
        body["funding"] = new System.Text.Json.Nodes.JsonObject { ["amountPerYear"] = 30000, ["durationYears"] = 3 };
        Assert.Equal("submitted", State(await _.ActAsync(_.Porteur, Id(await _.DraftAsync(body)), "submit")));
    }
}

using Fabriques.Contracts.Candidature;
using Fabriques.Grants.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;

namespace Fabriques.Grants.Tests.Consumers;

/// <summary>Acceptances published at once through the real broker, consumed concurrently by the service.</summary>
public sealed class AwardRaceTests(GrantsHost host) : IClassFixture<GrantsHost>, IDisposable
{
    private const int Racers = 10;
    private readonly HttpClient _gestionnaire = host.CreateClient("gestionnaire-1", Roles.Gestionnaire);

    [Fact]
    public async Task Ten_acceptances_racing_for_the_last_three_places_award_exactly_three()
    {
        var programme = await ProgrammeApi.LeaveRoomAsync(_gestionnaire, qpv: 3);
        var acceptances = Enumerable.Range(0, Racers).Select(_ => Candidatures.Accepted(TerritoryKind.Qpv)).ToList();

        var (awarded, refused) = await RaceAsync(acceptances);

        Assert.Equal(3, awarded);
        Assert.Equal(Racers - 3, refused.Count);
        Assert.All(refused, reason => Assert.Contains("quartier prioritaire", reason, StringComparison.Ordinal));
        var (after, _, _) = await ProgrammeApi.ReadAsync(_gestionnaire);
        Assert.Equal(programme.GetProperty("targets").GetProperty("qpv").GetProperty("target").GetInt32(), after.Count("qpv"));
        await Ledger.AssertMatchesGrantsAsync(host, _gestionnaire);
    }

    [Fact]
    public async Task Ten_acceptances_racing_for_the_last_euros_award_exactly_those_that_fit()
    {
        // Room for three grants of 150 000 €, and one cent short of a fourth.
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire, euros: 3 * 150_000m + 149_999.99m);
        var acceptances = Enumerable.Range(0, Racers)
            .Select(_ => Candidatures.Accepted(TerritoryKind.OutsideLargeUrbanCentres, amountPerYear: 50_000m, durationYears: 3))
            .ToList();

        var (awarded, refused) = await RaceAsync(acceptances);

        Assert.Equal(3, awarded);
        Assert.All(refused, reason => Assert.Contains("enveloppe", reason, StringComparison.Ordinal));
        var (after, _, _) = await ProgrammeApi.ReadAsync(_gestionnaire);
        Assert.Equal(149_999.99m, after.GetProperty("remaining").GetDecimal());
        await Ledger.AssertMatchesGrantsAsync(host, _gestionnaire);
    }

    /// <summary>Publishes every acceptance at once, waits for all outcomes; answers how many were awarded and why the others were refused.</summary>
    private async Task<(int Awarded, List<string> Refused)> RaceAsync(IReadOnlyList<CandidatureAccepted> acceptances)
    {
        await using var probe = await AwardProbe.StartAsync(host);

        await Task.WhenAll(acceptances.Select(probe.PublishAsync));
        await probe.SettledAsync(acceptances);

        var ids = acceptances.Select(a => a.CandidatureId).ToHashSet();
        var awarded = probe.Awarded.Received.Count(e => ids.Contains(e.Message.CandidatureId));
        var refused = probe.Refused.Received.Where(e => ids.Contains(e.Message.CandidatureId)).Select(e => e.Message.Reason).ToList();
        Assert.Equal(acceptances.Count, awarded + refused.Count);
        return (awarded, refused);
    }

    public void Dispose() => _gestionnaire.Dispose();
}

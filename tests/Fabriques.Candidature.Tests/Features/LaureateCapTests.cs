using System.Net;
using Fabriques.Candidature.Features;
using Fabriques.ServiceDefaults.Authentication;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Features;

public sealed class LaureateCapTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private readonly Scenario _ = new(host);

    [Fact]
    public async Task Of_31_acceptances_racing_for_the_30_laureate_places_of_a_wave_exactly_one_is_refused()
    {
        var wave = Id(await _.OpenWaveAsync()); // 30 laureates by default
        var contenders = new List<Guid>();
        foreach (var placeId in await _.PlacesAsync(31))
        {
            contenders.Add(await _.UnderReviewAsync(placeId));
        }

        var responses = await Task.WhenAll(contenders.Select(id =>
            _.PostAsync(host.CreateClient($"instructeur-{id}", Roles.Instructeur), id, "decision", new { decision = "accepted" })));

        Assert.Equal(30, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        await ProblemAsync(responses.Single(r => r.StatusCode != HttpStatusCode.OK), HttpStatusCode.Conflict, CandidatureProblemTypes.WaveFull);
        Assert.Equal(30, (await _.WaveAsync(wave)).GetProperty("laureates").GetInt32());
        var accepted = await Task.WhenAll(contenders.Select(async id => (await _.OutboxAsync(id)).Count(t => t.EndsWith(".accepted", StringComparison.Ordinal))));
        Assert.Equal(30, accepted.Sum());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_full_wave_accepts_again_once_a_laureate_is_reopened()
    {
        await _.OpenWaveAsync(maxLaureates: 1);
        var laureate = await _.AcceptedAsync();
        var waiting = await _.UnderReviewAsync();
        using var full = await _.PostAsync(_.Instructeur, waiting, "decision", new { decision = "accepted" });
        await ProblemAsync(full, HttpStatusCode.Conflict, CandidatureProblemTypes.WaveFull);

        await _.ActAsync(_.Instructeur, laureate, "reopen", new { motivation = "Pièce manquante." });

        Assert.Equal("accepted", State(await _.ActAsync(_.Instructeur, waiting, "decision", new { decision = "accepted" })));
    }
}

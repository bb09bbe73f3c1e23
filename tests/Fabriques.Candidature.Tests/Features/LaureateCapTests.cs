using System.Net;
using Fabriques.ServiceDefaults.Errors;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Features;

public sealed class LaureateCapTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private readonly Scenario _ = new(host);

    [Fact]
    public async Task Of_reviewers_accepting_at_once_for_the_last_laureate_place_exactly_one_succeeds()
    {
        var wave = Id(await _.OpenWaveAsync(maxLaureates: 2));
        await _.AcceptedAsync();
        var contenders = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            contenders.Add(await _.UnderReviewAsync());
        }

        var responses = await Task.WhenAll(contenders.Select(id =>
            _.PostAsync(host.CreateClient($"instructeur-{id}", ServiceDefaults.Authentication.Roles.Instructeur), id, "decision", new { decision = "accepted" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await ProblemAsync(refused, HttpStatusCode.Conflict, CandidatureProblemTypes.WaveFull);
        }
        var states = await Task.WhenAll(contenders.Select(async id => State(await _.GetAsync(id))));
        Assert.Equal(["accepted", "under-review", "under-review", "under-review"], states.Order());
        Assert.Equal(2, (await _.WaveAsync(wave)).GetProperty("laureates").GetInt32());
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

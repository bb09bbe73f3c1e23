using System.Diagnostics.Metrics;
using Fabriques.Candidature.Domain;
using Fabriques.Candidature.Telemetry;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Fabriques.Candidature.Tests.Telemetry;

/// <summary>The candidature service sampling its gauges at each move of its clock and keeping its logs.</summary>
public sealed class CandidatureTelemetryHost(Infrastructure infrastructure) : CandidatureHost(infrastructure)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.CaptureTelemetry();
    }
}

public sealed class CandidatureTelemetryTests(CandidatureTelemetryHost host) : IClassFixture<CandidatureTelemetryHost>
{
    private readonly Scenario _scenario = new(host);

    [Fact]
    public async Task An_acceptance_shows_in_the_wave_gauges_and_is_logged_with_the_request_s_correlation_id_and_the_candidature_id()
    {
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var candidatures = new MetricCollector<long>(meters, CandidatureMetrics.Name, "fabriques.candidatures");
        using var laureates = new MetricCollector<int>(meters, CandidatureMetrics.Name, "fabriques.wave.laureates");
        using var maxLaureates = new MetricCollector<int>(meters, CandidatureMetrics.Name, "fabriques.wave.max_laureates");
        var wave = (await _scenario.OpenWaveAsync(maxLaureates: 2)).GetProperty("name").GetString()!;
        var underReview = await _scenario.UnderReviewAsync();
        await _scenario.SubmittedAsync();
        using var instructeur = host.CreateClient("instructeur-1", Roles.Instructeur);
        instructeur.DefaultRequestHeaders.Add(CorrelationId.HeaderName, "decision-7");

        await _scenario.ActAsync(instructeur, underReview, "decision", new { decision = "accepted", score = 16 });

        host.Clock.Advance(TimeSpan.FromSeconds(1)); // the sampler's next tick
        await Eventually.SucceedsAsync(() => Task.FromResult(laureates.Observe(("wave", wave)) == 1),
            TimeSpan.FromSeconds(30), "the laureates gauge did not show the acceptance");
        Assert.Equal(2, maxLaureates.Observe(("wave", wave)));
        Assert.Equal(1, candidatures.Observe(("state", "accepted"), ("wave", wave)));
        Assert.Equal(1, candidatures.Observe(("state", "submitted"), ("wave", wave)));
        Assert.Equal(0, candidatures.Observe(("state", "under-review"), ("wave", wave)));
        Assert.Equal(0, candidatures.Observe(("state", "rejected"), ("wave", wave)));
        Assert.Equal(("{candidature}", "{candidature}"), (candidatures.Instrument!.Unit, laureates.Instrument!.Unit));
        Assert.False(string.IsNullOrWhiteSpace(candidatures.Instrument.Description));

        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        var moved = Assert.Single(logs, r => r.Category == typeof(Dossier).FullName && r.Fields().GetValueOrDefault("To") == "accepted").Fields();
        Assert.Equal(("decision-7", underReview.ToString(), "under-review"), (moved[CorrelationId.LogField], moved["CandidatureId"], moved["From"]));
        Assert.DoesNotContain(logs, r => r.Message.Contains("camille", StringComparison.OrdinalIgnoreCase)
                                         || r.Fields().Values.Any(v => v?.Contains("camille", StringComparison.OrdinalIgnoreCase) == true));

        // The acceptance event carries the correlation id on to the grants service.
        var correlationId = await host.QueryAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.AggregateId == underReview && m.Type == "fr.anct.fabriques.candidature.accepted")
            .Select(m => m.CorrelationId).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal("decision-7", correlationId);
    }

    [Fact]
    public async Task The_region_gauge_counts_each_region_s_candidatures_by_state()
    {
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var byRegion = new MetricCollector<long>(meters, CandidatureMetrics.Name, "fabriques.candidatures.by_region");
        await _scenario.OpenWaveAsync();
        await _scenario.SubmittedAsync(await _scenario.PlaceAsync("67", "44"));
        await _scenario.SubmittedAsync(await _scenario.PlaceAsync("68", "44"));
        await _scenario.UnderReviewAsync(await _scenario.PlaceAsync("2A", "94"));

        host.Clock.Advance(TimeSpan.FromSeconds(1)); // the sampler's next tick
        await Eventually.SucceedsAsync(() => Task.FromResult(byRegion.Observe(("region", "44"), ("state", "submitted")) == 2),
            TimeSpan.FromSeconds(30), "the région gauge did not count Grand Est's submissions");
        Assert.Equal(0, byRegion.Observe(("region", "44"), ("state", "under-review")));
        Assert.Equal(1, byRegion.Observe(("region", "94"), ("state", "under-review")));
        Assert.Equal(0, byRegion.Observe(("region", "94"), ("state", "submitted")));
    }
}

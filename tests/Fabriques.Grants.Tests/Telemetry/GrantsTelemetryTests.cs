using System.Diagnostics.Metrics;
using Fabriques.Contracts.Candidature;
using Fabriques.Grants.Consumers;
using Fabriques.Grants.Telemetry;
using Fabriques.Grants.Tests.Support;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Fabriques.Grants.Tests.Telemetry;

/// <summary>The grants service sampling its gauges often and keeping its logs.</summary>
public sealed class GrantsTelemetryHost(Infrastructure infrastructure) : ServiceHost<Program>(infrastructure, ResourceNames.GrantsDb)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.CaptureTelemetry();
    }
}

public sealed class GrantsTelemetryTests(GrantsTelemetryHost host) : IClassFixture<GrantsTelemetryHost>, IDisposable
{
    private readonly HttpClient _gestionnaire = host.CreateClient("gestionnaire-1", Roles.Gestionnaire);
    private IMeterFactory Meters => host.Services.GetRequiredService<IMeterFactory>();

    [Fact]
    public async Task An_award_shows_in_the_programme_gauges_in_euros_and_in_grants_against_each_target()
    {
        using var envelope = new MetricCollector<double>(Meters, GrantsMetrics.Name, "fabriques.programme.envelope");
        using var committed = new MetricCollector<double>(Meters, GrantsMetrics.Name, "fabriques.programme.committed");
        using var paid = new MetricCollector<double>(Meters, GrantsMetrics.Name, "fabriques.programme.paid");
        using var grants = new MetricCollector<int>(Meters, GrantsMetrics.Name, "fabriques.programme.grants");
        using var targets = new MetricCollector<int>(Meters, GrantsMetrics.Name, "fabriques.programme.target");
        var (before, settings, _) = await ProgrammeApi.ReadAsync(_gestionnaire);
        await using var probe = await AwardProbe.StartAsync(host);

        var awarded = await probe.AwardAsync(Candidatures.Accepted(TerritoryKind.Qpv, digital: true, amountPerYear: 50_000m, durationYears: 3));

        var expected = (double)(before.GetProperty("committed").GetDecimal() + awarded.Total);
        await Eventually.SucceedsAsync(() => Task.FromResult(committed.Observe() == expected),
            TimeSpan.FromSeconds(30), "the committed gauge did not show the award");
        Assert.Equal((double)settings.Envelope, envelope.Observe());
        Assert.Equal((double)before.GetProperty("paid").GetDecimal(), paid.Observe());
        Assert.Equal(before.Count("qpv") + 1, grants.Observe(("target", "qpv")));
        Assert.Equal(before.Count("digital") + 1, grants.Observe(("target", "digital")));
        Assert.Equal(before.Count("outsideLargeUrbanCentres"), grants.Observe(("target", "outside-large-urban-centres")));
        Assert.Equal((settings.Qpv, settings.Digital, settings.OutsideLargeUrbanCentres),
            (targets.Observe(("target", "qpv")), targets.Observe(("target", "digital")), targets.Observe(("target", "outside-large-urban-centres"))));
        Assert.Equal(("EUR", "EUR", "EUR", "{grant}", "{grant}"),
            (envelope.Instrument!.Unit, committed.Instrument!.Unit, paid.Instrument!.Unit, grants.Instrument!.Unit, targets.Instrument!.Unit));
        Assert.All([envelope.Instrument, committed.Instrument, paid.Instrument, grants.Instrument, targets.Instrument],
            i => Assert.False(string.IsNullOrWhiteSpace(i.Description)));
    }

    [Fact]
    public async Task The_consistency_gauge_counts_the_violations_by_kind()
    {
        using var violations = new MetricCollector<int>(Meters, GrantsMetrics.Name, "fabriques.programme.consistency_violations");
        await Eventually.SucceedsAsync(() => Task.FromResult(violations.Observe(("kind", "label-without-active-grant")) is not null),
            TimeSpan.FromSeconds(30), "the consistency gauge was never sampled");
        var before = violations.Observe(("kind", "label-without-active-grant"))!.Value;
        await using var probe = await AwardProbe.StartAsync(host);

        await probe.Awarded.Bus.Publish(new Contracts.Directory.PlaceLabelled
        {
            PlaceId = Guid.CreateVersion7(), GrantId = Guid.CreateVersion7(), Label = Contracts.Directory.PlaceLabelled.FabriqueDeTerritoire,
            Since = DateOnly.FromDateTime(DateTime.UtcNow),
        }, TestContext.Current.CancellationToken);

        await Eventually.SucceedsAsync(() => Task.FromResult(violations.Observe(("kind", "label-without-active-grant")) == before + 1),
            TimeSpan.FromSeconds(30), "the gauge did not count the label of an unknown grant");
        Assert.Equal("{violation}", violations.Instrument!.Unit);
    }

    [Fact]
    public async Task The_award_is_logged_with_the_acceptance_s_correlation_id_and_ids_only_and_the_grant_event_carries_the_id_on()
    {
        await using var probe = await AwardProbe.StartAsync(host);
        var accepted = Candidatures.Accepted();

        await probe.Awarded.Bus.Publish(accepted, context => context.Headers.Set(CorrelationId.HeaderName, "decision-42"),
            TestContext.Current.CancellationToken);

        var awarded = await probe.Awarded.WaitForAsync(e => e.CandidatureId == accepted.CandidatureId);
        Assert.Equal("decision-42", awarded.Headers.Get<string>(CorrelationId.HeaderName));
        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        var fields = Assert.Single(logs, r => r.Category == typeof(CandidatureAcceptedConsumer).FullName
                                              && r.Fields().GetValueOrDefault("CandidatureId") == accepted.CandidatureId.ToString()).Fields();
        Assert.Equal("decision-42", fields[CorrelationId.LogField]);
        Assert.Equal(awarded.Message.GrantId.ToString(), fields["GrantId"]);
        Assert.Equal(accepted.PlaceId.ToString(), fields["PlaceId"]);
        Assert.Equal("fr.anct.fabriques.candidature.accepted", fields["EventType"]);
        // The contact travels in the event, never into the logs.
        Assert.DoesNotContain(logs, r => new[] { accepted.Contact.Email, accepted.Contact.Name }.Any(personal =>
            r.Message.Contains(personal, StringComparison.OrdinalIgnoreCase)
            || r.Fields().Values.Any(v => v?.Contains(personal, StringComparison.OrdinalIgnoreCase) == true)));
    }

    public void Dispose() => _gestionnaire.Dispose();
}

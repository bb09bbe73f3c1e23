using System.Diagnostics.Metrics;
using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Directory;
using Fabriques.Contracts.Grants;
using Fabriques.Directory.Consumers;
using Fabriques.Directory.Telemetry;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Telemetry;

/// <summary>The directory sampling its gauges often and keeping its logs.</summary>
public sealed class DirectoryTelemetryHost(Infrastructure infrastructure) : ServiceHost<Program>(infrastructure, ResourceNames.DirectoryDb)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.CaptureTelemetry();
    }
}

public sealed class DirectoryTelemetryTests(DirectoryTelemetryHost host) : IClassFixture<DirectoryTelemetryHost>
{
    [Fact]
    public async Task A_registered_then_labelled_place_is_logged_by_id_under_each_correlation_id_and_counted_by_label()
    {
        using var labelled = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), DirectoryMetrics.Name,
            "fabriques.directory.labelled_places");
        using var porteur = host.CreateClient("porteur-telemetry", Roles.Porteur);
        porteur.DefaultRequestHeaders.Add(CorrelationId.HeaderName, "register-3");
        var placeId = (await porteur.RegisterAsync(FullPlace($"Fabrique {UniqueWord()}"))).Id();
        await using var probe = await EventProbe<PlaceLabelled>.StartAsync(host.BrokerUri);
        var awarded = new GrantAwarded
        {
            GrantId = Guid.CreateVersion7(), CandidatureId = Guid.CreateVersion7(), PlaceId = placeId, OwnerId = "porteur-telemetry",
            Contact = new Contact("Association", "Camille Martin", "camille@example.org"), Territory = TerritoryKind.Qpv, Digital = true,
            Total = 250_000m, Instalments = [new InstalmentPlan(1, 150_000m, new DateOnly(2027, 1, 15))],
        };

        await probe.Bus.Publish(awarded, context => context.Headers.Set(CorrelationId.HeaderName, "award-3"), TestContext.Current.CancellationToken);

        var published = await probe.WaitForAsync(e => e.PlaceId == placeId);
        Assert.Equal("award-3", published.Headers.Get<string>(CorrelationId.HeaderName));
        await Eventually.SucceedsAsync(
            () => Task.FromResult(labelled.Observe(("label", PlaceLabelled.FabriqueNumeriqueDeTerritoire)) == 1),
            TimeSpan.FromSeconds(30), "the labelled places gauge did not count the new Fabrique numérique");
        Assert.Equal(1, labelled.Observe(("label", PlaceLabelled.FabriqueDeTerritoire))); // a Fabrique numérique carries both labels
        Assert.Equal("{place}", labelled.Instrument!.Unit);

        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        var registered = Assert.Single(logs, r => r.Category == typeof(Fabriques.Directory.Domain.Place).FullName).Fields();
        Assert.Equal(("register-3", placeId.ToString()), (registered[CorrelationId.LogField], registered["PlaceId"]));
        var labelledLog = Assert.Single(logs, r => r.Category == typeof(GrantAwardedConsumer).FullName
            && r.Fields().GetValueOrDefault("Label") == PlaceLabelled.FabriqueNumeriqueDeTerritoire).Fields();
        Assert.Equal(("award-3", placeId.ToString(), awarded.GrantId.ToString(), PlaceLabelled.FabriqueNumeriqueDeTerritoire),
            (labelledLog[CorrelationId.LogField], labelledLog["PlaceId"], labelledLog["GrantId"], labelledLog["Label"]));
        Assert.DoesNotContain(logs, r => new[] { "contact@exemple.fr", "04 91 00 00 00", "camille" }.Any(personal =>
            r.Message.Contains(personal, StringComparison.OrdinalIgnoreCase)
            || r.Fields().Values.Any(v => v?.Contains(personal, StringComparison.OrdinalIgnoreCase) == true)));
    }
}

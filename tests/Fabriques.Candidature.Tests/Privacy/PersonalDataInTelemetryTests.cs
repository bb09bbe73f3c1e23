using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Fabriques.Candidature.Tests.Privacy;

/// <summary>The candidature service with everything it logs (down to Debug) and traces captured.</summary>
public sealed class CapturedCandidatureHost(Infrastructure infrastructure) : CandidatureHost(infrastructure)
{
    public TelemetryCapture Telemetry { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Telemetry.AttachTo(builder);
    }
}

public sealed class PersonalDataInTelemetryTests(CapturedCandidatureHost host) : IClassFixture<CapturedCandidatureHost>
{
    [Fact]
    public async Task The_applicant_contact_appears_in_no_log_nor_span_while_the_candidature_id_does()
    {
        var scenario = new Scenario(host);
        await scenario.OpenWaveAsync();
        var body = Scenario.Body(await scenario.PlaceAsync());
        body["applicant"]!["contactName"] = "Dominique Lefèvre-Martin";
        body["applicant"]!["contactEmail"] = "dominique.lefevre@moulins.example";

        var id = Scenario.Id(await scenario.DraftAsync(body));
        await scenario.ActAsync(scenario.Porteur, id, "submit");
        await scenario.GetAsync(id);

        host.Telemetry.AssertNowhere("Dominique Lefèvre-Martin", "Lefèvre", "dominique.lefevre@moulins.example",
            scenario.Porteur.DefaultRequestHeaders.Authorization!.Parameter!);
        host.Telemetry.AssertSomewhere(id.ToString());
    }
}

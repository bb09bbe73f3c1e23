using Fabriques.ServiceDefaults.Authentication;
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
        using var porteur = host.CreateClient();
        porteur.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            CandidatureHost.Tokens.Issue(Scenario.Owner, "Dominique Lefèvre-Martin", "dominique.lefevre@moulins.example", [Roles.Porteur]));
        var body = Scenario.Body(await scenario.PlaceAsync(), porteur);
        body["applicant"]!["contactName"] = "Dominique Lefèvre-Martin";

        var id = Scenario.Id(await scenario.DraftAsync(body, porteur));
        await scenario.ActAsync(porteur, id, "submit");
        await scenario.GetAsync(id);

        host.Telemetry.AssertNowhere("Dominique Lefèvre-Martin", "Lefèvre", "dominique.lefevre@moulins.example",
            porteur.DefaultRequestHeaders.Authorization!.Parameter!);
        host.Telemetry.AssertSomewhere(id.ToString());
    }
}

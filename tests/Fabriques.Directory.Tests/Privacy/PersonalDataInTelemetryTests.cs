using System.Net;
using System.Net.Http.Headers;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Privacy;

/// <summary>The directory with everything it logs (down to Debug) and traces captured.</summary>
public sealed class CapturedDirectoryHost(Infrastructure infrastructure) : ServiceHost<Program>(infrastructure, ResourceNames.DirectoryDb)
{
    public TelemetryCapture Telemetry { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Telemetry.AttachTo(builder);
    }
}

public sealed class PersonalDataInTelemetryTests(CapturedDirectoryHost host) : IClassFixture<CapturedDirectoryHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Contact_details_and_tokens_of_a_registration_appear_in_no_log_nor_span_while_ids_do()
    {
        const string email = "claire.dupont@tiers-lieu.example";
        const string phone = "06 12 34 56 78";
        var token = CapturedDirectoryHost.Tokens.Issue("porteur-privacy", "Claire Dupont", "claire.porteur@example.org", [Roles.Porteur]);
        using var porteur = host.CreateClient();
        porteur.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        porteur.DefaultRequestHeaders.Add(CorrelationId.HeaderName, "privacy-check-1");
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(FullPlace(UniqueWord())))!;
        body["contact"] = new System.Text.Json.Nodes.JsonObject { ["email"] = email, ["phone"] = phone, ["website"] = "https://tiers-lieu.example" };

        var id = (await porteur.RegisterAsync(body)).Id();
        await host.CreateClient().ReadAsync(id);
        // A search quoting the e-mail, and a malformed write quoting it: URLs and errors are logged too.
        using var search = await porteur.GetAsync($"{Places}?q={Uri.EscapeDataString(email)}", Ct);
        using var malformed = await porteur.PostAsync(Places, new StringContent($"{{\"name\": \"{email}\", \"contact\": {{\"phone\": {phone}}}",
            System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        host.Telemetry.AssertNowhere(email, phone, phone.Replace(" ", ""), token, token.Split('.')[1], "claire.porteur@example.org");
        host.Telemetry.AssertSomewhere(id.ToString());
        host.Telemetry.AssertSomewhere("privacy-check-1");
    }
}

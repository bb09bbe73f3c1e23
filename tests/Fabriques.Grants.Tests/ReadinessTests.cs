using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Grants.Tests.Support;

namespace Fabriques.Grants.Tests;

public sealed class ReadinessTests(GrantsHost host) : IClassFixture<GrantsHost>
{
    [Fact]
    public async Task The_service_is_ready_with_its_database_migrated_and_its_bus_connected()
    {
        var (code, status, checks) = await host.ReadHealthAsync();

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Healthy", status);
        Assert.Contains("GrantsDbContext", checks);
        Assert.Contains(checks, name => name.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Dead_letters_are_for_operators_only()
    {
        using var anonymous = host.CreateClient();
        using var porteur = host.CreateClient("porteur-1", "porteur");
        using var operatorClient = host.CreateClient("anct-1", "gestionnaire");
        const string deadLetters = "/api/grants/operations/dead-letters";

        using var withoutToken = await anonymous.GetAsync(deadLetters, TestContext.Current.CancellationToken);
        using var wrongRole = await porteur.PostAsync($"{deadLetters}/replay", null, TestContext.Current.CancellationToken);
        var letters = await operatorClient.GetFromJsonAsync<JsonElement>(deadLetters, TestContext.Current.CancellationToken);
        using var unknown = await operatorClient.PostAsync($"{deadLetters}/{Guid.NewGuid()}/replay", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Equal(JsonValueKind.Array, letters.ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_new_programme_starts_with_the_decided_envelope_targets_caps_and_bonus()
    {
        using var anonymous = host.CreateClient();

        var (programme, settings, etag) = await ProgrammeApi.ReadAsync(anonymous);

        Assert.Equal(new Settings(45_000_000m, 150, 150, 30, 50_000m, 75_000m, 150_000m, 100_000m), settings);
        Assert.Equal((0m, 0m, 45_000_000m),
            (programme.GetProperty("committed").GetDecimal(), programme.GetProperty("paid").GetDecimal(), programme.GetProperty("remaining").GetDecimal()));
        Assert.Equal((0, 0, 0), (programme.Count("qpv"), programme.Count("outsideLargeUrbanCentres"), programme.Count("digital")));
        Assert.Matches("^\"\\d+\"$", etag);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_route_of_the_contract()
    {
        using var anonymous = host.CreateClient();

        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var paths = document.GetProperty("paths");
        Assert.Equal(
            [
                "/api/grants",
                "/api/grants/imports",
                "/api/grants/operations/dead-letters",
                "/api/grants/operations/dead-letters/replay",
                "/api/grants/operations/dead-letters/{messageId}/replay",
                "/api/grants/programme",
                "/api/grants/programme/consistency",
                "/api/grants/{id}",
                "/api/grants/{id}/cancel",
                "/api/grants/{id}/instalments/{year}/commit",
                "/api/grants/{id}/instalments/{year}/pay"],
            paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var operations = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).Select(o => o.Value.GetProperty("operationId").GetString());
        Assert.Equal(["CancelGrant", "CheckProgrammeConsistency", "CommitInstalment", "GetGrant", "GetProgramme", "ImportGrants", "ListDeadLetters", "ListGrants", "PayInstalment", "ReplayAllDeadLetters", "ReplayDeadLetter", "UpdateProgramme"],
            operations.Order(StringComparer.Ordinal));
    }
}

using System.Net;
using Fabriques.Gateway.Tests.Support;
using Fabriques.ServiceDefaults.Errors;

namespace Fabriques.Gateway.Tests;

/// <summary>The gateway with a one-second default request timeout.</summary>
public sealed class TimeLimitedGateway() : GatewayHost("Development", new Dictionary<string, string?>
{
    ["RequestTimeouts:Default"] = "00:00:01",
});

/// <summary>A service that hangs holds the caller and a proxy slot no longer than the route's time, then a clear 504.</summary>
public sealed class RequestTimeoutTests(TimeLimitedGateway gateway) : IClassFixture<TimeLimitedGateway>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/api/grants/programme")]
    [InlineData("POST", "/api/directory/places")]
    public async Task A_service_that_never_answers_is_a_504_problem_at_the_timeout(string method, string path)
    {
        using var client = gateway.Client("porteur-patient");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add(Backend.StallHeader, "1");
        if (method == "POST")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.GatewayTimeout);
        Assert.Equal(ProblemTypes.Timeout, problem.GetProperty("type").GetString());
        Assert.Contains("1 s", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains($"{method} {path}", gateway.Backend.Received);
    }

    [Fact]
    public async Task A_service_that_answers_in_time_is_not_affected()
    {
        using var client = gateway.Client();

        using var response = await client.GetAsync("/api/directory/places", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

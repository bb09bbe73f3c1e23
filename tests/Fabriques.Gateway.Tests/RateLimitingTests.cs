using System.Net;
using System.Net.Http.Json;
using Fabriques.Gateway.Errors;
using Fabriques.Gateway.Tests.Support;

namespace Fabriques.Gateway.Tests;

/// <summary>A gateway allowing 3 writes and 2 development tokens per caller, refilled one a minute.</summary>
public sealed class RateLimitedGateway() : GatewayHost("Development", new Dictionary<string, string?>
{
    ["RateLimiting:Writes:Burst"] = "3",
    ["RateLimiting:Writes:PerMinute"] = "1",
    ["RateLimiting:DevToken:Burst"] = "2",
    ["RateLimiting:DevToken:PerMinute"] = "1",
});

/// <summary>
/// A script hammering the API is slowed down per caller — the token's subject, or the client address when
/// anonymous — without anyone else noticing, and is told when to try again.
/// </summary>
public sealed class RateLimitingTests(RateLimitedGateway gateway) : IClassFixture<RateLimitedGateway>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writes_beyond_a_subjects_limit_are_429_problems_with_Retry_After_while_others_are_served()
    {
        using var alice = gateway.Client("alice");
        using var bob = gateway.Client("bob");
        for (var i = 0; i < 3; i++)
        {
            using var accepted = await alice.PostAsJsonAsync("/api/candidatures", new { attempt = i }, Ct);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var forwarded = gateway.Backend.Received.Count;

        using var refused = await alice.PostAsJsonAsync("/api/candidatures", new { attempt = 3 }, Ct);

        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(GatewayProblemTypes.TooManyRequests, problem.GetProperty("type").GetString());
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(forwarded, gateway.Backend.Received.Count);

        using var otherSubject = await bob.PostAsJsonAsync("/api/candidatures", new { attempt = 0 }, Ct);
        using var sameSubjectReading = await alice.GetAsync("/api/candidatures", Ct);
        Assert.Equal(HttpStatusCode.OK, otherSubject.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sameSubjectReading.StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_are_limited_per_client_address()
    {
        using var anonymous = gateway.Client(clientAddress: "127.0.0.2");
        using var anonymousElsewhere = gateway.Client(clientAddress: "127.0.0.3");
        using var signedInSameAddress = gateway.Client("carol", clientAddress: "127.0.0.2");
        using var forgedToken = gateway.Client(clientAddress: "127.0.0.2");
        forgedToken.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token-the-gateway-signed");
        for (var i = 0; i < 3; i++)
        {
            using var accepted = await anonymous.PostAsJsonAsync("/api/directory/places", new { }, Ct);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using var refused = await anonymous.PostAsJsonAsync("/api/directory/places", new { }, Ct);
        using var refusedWithForgedToken = await forgedToken.PostAsJsonAsync("/api/directory/places", new { }, Ct);
        using var servedElsewhere = await anonymousElsewhere.PostAsJsonAsync("/api/directory/places", new { }, Ct);
        using var servedSignedIn = await signedInSameAddress.PostAsJsonAsync("/api/directory/places", new { }, Ct);

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        await refusedWithForgedToken.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, servedElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, servedSignedIn.StatusCode);
    }

    [Fact]
    public async Task Development_tokens_have_their_own_stricter_limit()
    {
        using var client = gateway.Client(clientAddress: "127.0.0.4");
        var request = new { sub = "dave", roles = new[] { "porteur" } };
        for (var i = 0; i < 2; i++)
        {
            using var issued = await client.PostAsJsonAsync("/dev/token", request, Ct);
            Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        }

        using var refused = await client.PostAsJsonAsync("/dev/token", request, Ct);
        using var writeStillAllowed = await client.PostAsJsonAsync("/api/grants/programme", new { }, Ct);

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, writeStillAllowed.StatusCode);
    }
}

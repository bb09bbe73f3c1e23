using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Gateway.Errors;
using Fabriques.Gateway.Tests.Support;

namespace Fabriques.Gateway.Tests;

/// <summary>Bodies are limited to 1 MB on every route, answered with a 413 problem; directory imports accept 512 MB.</summary>
public sealed class RequestBodyLimitTests(DevelopmentGateway gateway) : IClassFixture<DevelopmentGateway>
{
    private const int TwoMegabytes = 2 * 1024 * 1024;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // chunked: the limit is only found while the proxy streams the body
    public async Task An_oversized_body_is_a_413_problem(bool announcesItsLength)
    {
        using var client = gateway.Client("erin");

        using var response = await client.PostAsync("/api/grants/programme", Body(TwoMegabytes, announcesItsLength), Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(GatewayProblemTypes.PayloadTooLarge, problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_body_under_the_limit_reaches_the_service()
    {
        using var client = gateway.Client("erin");

        using var response = await client.PostAsync("/api/grants/programme", Body(512 * 1024, announcesItsLength: true), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(512 * 1024, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("bodyLength").GetInt32());
    }

    [Fact]
    public async Task A_directory_import_may_be_larger()
    {
        using var client = gateway.Client("erin");

        using var response = await client.PostAsync("/api/directory/imports", Body(TwoMegabytes, announcesItsLength: false), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TwoMegabytes, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("bodyLength").GetInt32());
    }

    private static HttpContent Body(int length, bool announcesItsLength)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, (byte)'a');
        HttpContent content = announcesItsLength ? new ByteArrayContent(bytes) : new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    /// <summary>A stream that cannot tell its length, so the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Gateway.Errors;
using Fabriques.Gateway.Tests.Support;

namespace Fabriques.Gateway.Tests;

/// <summary>
/// Bodies are limited to 1 MB on every route, answered with a 413 problem; directory imports accept 512 MB, a
/// candidature's documents 11 MB (a 10 MB file and its multipart envelope).
/// </summary>
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

    [Fact]
    public async Task A_candidature_document_of_10_MB_passes_and_a_larger_body_is_a_413_problem()
    {
        using var client = gateway.Client("erin");
        var documents = $"/api/candidatures/{Guid.NewGuid()}/documents";

        using var tenMegabytes = await client.PostAsync(documents, Body(10 * 1024 * 1024 + 4096, announcesItsLength: true), Ct);
        using var twelveMegabytes = await client.PostAsync(documents, Body(12 * 1024 * 1024, announcesItsLength: false), Ct);
        using var elsewhere = await client.PostAsync($"/api/candidatures/{Guid.NewGuid()}/opinions", Body(TwoMegabytes, announcesItsLength: true), Ct);

        Assert.Equal(HttpStatusCode.OK, tenMegabytes.StatusCode);
        Assert.Equal(10 * 1024 * 1024 + 4096, (await tenMegabytes.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("bodyLength").GetInt32());
        var problem = await twelveMegabytes.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(GatewayProblemTypes.PayloadTooLarge, problem.GetProperty("type").GetString());
        await elsewhere.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
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

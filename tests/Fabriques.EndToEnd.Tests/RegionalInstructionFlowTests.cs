using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Fabriques.Testing;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// Regional instruction through the gateway: a porteur's supporting document goes up and comes back byte for byte, the
/// instructeur of the place's région sees the candidature, another région's does not.
/// </summary>
public sealed class RegionalInstructionFlowTests(Platform platform)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_document_goes_up_and_down_through_the_gateway_and_only_the_place_s_region_sees_the_candidature()
    {
        var porteur = await GatewayClient.SignInAsync(platform.Gateway, "porteur-regions-e2e", "porteur");
        var gestionnaire = await GatewayClient.SignInAsync(platform.Gateway, "gestionnaire-regions-e2e", "gestionnaire");
        var paca = await GatewayClient.SignInAsync(platform.Gateway, "instructeur-93-e2e", "instructeur", "93");
        var grandEst = await GatewayClient.SignInAsync(platform.Gateway, "instructeur-44-e2e", "instructeur", "44");
        await OpenWave.EnsureAsync(gestionnaire);
        var place = AuthorizationResources.Id(await porteur.JsonAsync(HttpMethod.Post, "/api/directory/places",
            AuthorizationResources.PlaceBody($"Tiers-lieu {Guid.NewGuid():N}"))); // Malijai, 04: région 93
        var candidature = AuthorizationResources.Id(await porteur.JsonAsync(HttpMethod.Post, "/api/candidatures",
            AuthorizationResources.CandidatureBody(place, porteur.Email)));

        var pdf = new byte[2 * 1024 * 1024 + 333]; // over the gateway's default 1 MB
        new Random(18).NextBytes(pdf);
        "%PDF-1.7\n"u8.CopyTo(pdf);
        using var upload = await porteur.SendAsync(Upload(porteur, candidature, pdf, "budget-previsionnel", "budget.pdf"));
        var uploaded = JsonDocument.Parse(await upload.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), uploaded.GetProperty("sha256").GetString());

        using var text = await porteur.SendAsync(Upload(porteur, candidature, "pas un PDF"u8.ToArray(), "rib", "rib.pdf"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);
        var tooLarge = new byte[10 * 1024 * 1024 + 1];
        "%PDF-1.7\n"u8.CopyTo(tooLarge);
        using var large = await porteur.SendAsync(Upload(porteur, candidature, tooLarge, "statuts", "statuts.pdf"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal("application/problem+json", large.Content.Headers.ContentType?.MediaType);

        await Eventually.SucceedsAsync(async () =>
        {
            using var submitted = await porteur.SendAsync(HttpMethod.Post, $"/api/candidatures/{candidature}/submit");
            return submitted.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), "the candidature could not be submitted (place unknown to the candidature service?)");

        using var download = await paca.SendAsync(HttpMethod.Get, $"/api/candidatures/{candidature}/documents/{AuthorizationResources.Id(uploaded)}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync(Ct));

        var seenInPaca = await paca.JsonAsync(HttpMethod.Get, "/api/candidatures?state=submitted&pageSize=200");
        var seenInGrandEst = await grandEst.JsonAsync(HttpMethod.Get, "/api/candidatures?state=submitted&pageSize=200");
        Assert.Contains(candidature, seenInPaca.GetProperty("items").EnumerateArray().Select(AuthorizationResources.Id));
        Assert.DoesNotContain(candidature, seenInGrandEst.GetProperty("items").EnumerateArray().Select(AuthorizationResources.Id));
        using var outside = await grandEst.SendAsync(HttpMethod.Get, $"/api/candidatures/{candidature}");
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        using var outsideReview = await grandEst.SendAsync(HttpMethod.Post, $"/api/candidatures/{candidature}/review");
        Assert.Equal(HttpStatusCode.NotFound, outsideReview.StatusCode);
        await paca.JsonAsync(HttpMethod.Post, $"/api/candidatures/{candidature}/review");
    }

    private static HttpRequestMessage Upload(GatewayClient porteur, string candidature, byte[] bytes, string kind, string fileName)
    {
        var request = porteur.Request(HttpMethod.Post, $"/api/candidatures/{candidature}/documents");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        request.Content = new MultipartFormDataContent { { new StringContent(kind), "kind" }, { file, "file", fileName } };
        return request;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fabriques.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Features;

/// <summary>A porteur whose connection drops retries with the same <c>Idempotency-Key</c>: one draft, one submission.</summary>
public sealed class IdempotencyKeyTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private readonly Scenario _ = new(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Retried_creation_and_submission_create_one_draft_and_submit_it_once()
    {
        await _.OpenWaveAsync();
        var owner = $"porteur-{Guid.NewGuid():N}";
        using var porteur = host.CreateClient(owner, Roles.Porteur);
        var body = Body(await _.PlaceAsync(), porteur);
        var (createKey, submitKey) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

        using var created = await porteur.SendAsync(Post(Candidatures, createKey, body), Ct);
        using var createdAgain = await porteur.SendAsync(Post(Candidatures, createKey, body), Ct);
        var id = Id(await ReadAsync(created, HttpStatusCode.Created));
        Assert.Equal(id, Id(await ReadAsync(createdAgain, HttpStatusCode.Created)));
        Assert.Equal(created.Headers.Location, createdAgain.Headers.Location);
        Assert.Equal(1, await host.QueryAsync(db => db.Candidatures.CountAsync(c => c.OwnerId == owner, Ct)));

        using var submitted = await porteur.SendAsync(Post($"{Candidatures}/{id}/submit", submitKey), Ct);
        using var submittedAgain = await porteur.SendAsync(Post($"{Candidatures}/{id}/submit", submitKey), Ct);

        Assert.Equal("submitted", State(await ReadAsync(submitted, HttpStatusCode.OK)));
        Assert.Equal(await submitted.Content.ReadAsStringAsync(Ct), await submittedAgain.Content.ReadAsStringAsync(Ct));
        Assert.Equal(["true"], submittedAgain.Headers.GetValues("Idempotency-Replayed"));
        Assert.Equal(submitted.Headers.ETag, submittedAgain.Headers.ETag);
        Assert.Equal(["fr.anct.fabriques.candidature.submitted"], await _.OutboxAsync(id));
    }

    private static HttpRequestMessage Post(string uri, string key, JsonObject? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}

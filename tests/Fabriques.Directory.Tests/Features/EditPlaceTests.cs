using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Contracts.Directory;
using Fabriques.Directory.Features;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.Testing;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Features;

public sealed class EditPlaceTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    private readonly HttpClient _owner = host.CreateClient("porteur-owner", Roles.Porteur);

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, Guid id, object body, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Places}/{id}") { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_owner_replaces_the_fields_with_If_Match_and_PlaceUpdated_is_published()
    {
        await using var probe = await EventProbe<PlaceUpdated>.StartAsync(host.BrokerUri);
        var id = (await _owner.RegisterAsync(FullPlace("Avant"))).Id();
        var (_, etag) = await _owner.ReadAsync(id);

        using var response = await PutAsync(_owner, id, MinimalPlace("Après", inseeCode: "04070", postalCode: "04000", commune: "Digne-les-Bains"), etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (place, newETag) = await _owner.ReadAsync(id);
        Assert.Equal(newETag, response.Headers.ETag?.ToString());
        Assert.NotEqual(etag, newETag);
        Assert.Equal("Après", place.GetProperty("name").GetString());
        Assert.Equal("04", place.GetProperty("departmentCode").GetString());
        Assert.Equal(JsonValueKind.Null, place.GetProperty("location").ValueKind); // replaced, not merged
        Assert.Empty(place.GetProperty("kinds").EnumerateArray());
        var updated = await probe.WaitForAsync(e => e.PlaceId == id);
        Assert.Equal(("Après", "04070", "93", false), (updated.Message.Name, updated.Message.InseeCode, updated.Message.RegionCode, updated.Message.Archived));
    }

    [Fact]
    public async Task The_same_fields_again_change_nothing_not_even_the_ETag()
    {
        var id = (await _owner.RegisterAsync(FullPlace("Pareil"))).Id();
        var (before, etag) = await _owner.ReadAsync(id);

        using var response = await PutAsync(_owner, id, FullPlace("Pareil"), etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (after, sameETag) = await _owner.ReadAsync(id);
        Assert.Equal(etag, sameETag);
        Assert.Equal(before.GetProperty("updatedAt").GetDateTimeOffset(), after.GetProperty("updatedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Without_If_Match_it_is_428_with_a_stale_one_412()
    {
        var id = (await _owner.RegisterAsync(FullPlace("Concurrence"))).Id();
        var (_, etag) = await _owner.ReadAsync(id);
        using (var first = await PutAsync(_owner, id, FullPlace("Première modification"), etag))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var missing = await PutAsync(_owner, id, FullPlace("Sans If-Match"), null);
        using var stale = await PutAsync(_owner, id, FullPlace("Seconde modification"), etag);

        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(ProblemTypes.PreconditionFailed, (await stale.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("type").GetString());
        Assert.Equal("Première modification", (await _owner.ReadAsync(id)).Place.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Of_two_edits_racing_with_the_same_ETag_exactly_one_wins()
    {
        var id = (await _owner.RegisterAsync(FullPlace("Course"))).Id();
        var (_, etag) = await _owner.ReadAsync(id);
        using var gestionnaire = host.CreateClient("anct-1", Roles.Gestionnaire);

        var answers = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => PutAsync(i % 2 == 0 ? _owner : gestionnaire, id, FullPlace($"Course {i}"), etag)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.PreconditionFailed));
        var winner = Array.FindIndex(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal($"Course {winner}", (await _owner.ReadAsync(id)).Place.GetProperty("name").GetString());
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task A_gestionnaire_edits_any_place_another_porteur_gets_404_other_roles_403_anonymous_401()
    {
        var id = (await _owner.RegisterAsync(FullPlace("À qui ?"))).Id();
        var (_, etag) = await _owner.ReadAsync(id);
        using var otherPorteur = host.CreateClient("porteur-other", Roles.Porteur);
        using var instructeur = host.CreateClient("instructeur-1", Roles.Instructeur);
        using var gestionnaire = host.CreateClient("anct-1", Roles.Gestionnaire);

        using var notHis = await PutAsync(otherPorteur, id, FullPlace("Pris"), etag);
        using var wrongRole = await PutAsync(instructeur, id, FullPlace("Pris"), etag);
        using var anonymous = await PutAsync(host.CreateClient(), id, FullPlace("Pris"), etag);
        using var unknown = await PutAsync(gestionnaire, Guid.NewGuid(), FullPlace("Pris"), etag);
        using var curated = await PutAsync(gestionnaire, id, FullPlace("Corrigé par l'ANCT"), etag);

        Assert.Equal(HttpStatusCode.NotFound, notHis.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, curated.StatusCode);
    }

    [Fact]
    public async Task An_invalid_edit_is_a_400_and_changes_nothing()
    {
        var id = (await _owner.RegisterAsync(FullPlace("Valide"))).Id();
        var (_, etag) = await _owner.ReadAsync(id);

        using var response = await PutAsync(_owner, id, new { name = "", address = new { inseeCode = "2C004" } }, etag);

        Assert.Contains("address.inseeCode", (await ValidationProblemAsync(response)).ErrorFields());
        Assert.Equal(etag, (await _owner.ReadAsync(id)).ETag);
    }

    [Fact]
    public async Task Only_a_gestionnaire_archives_archiving_publishes_PlaceUpdated_once_and_an_archived_place_is_not_edited()
    {
        await using var probe = await EventProbe<PlaceUpdated>.StartAsync(host.BrokerUri);
        var id = (await _owner.RegisterAsync(FullPlace("À archiver"))).Id();
        using var gestionnaire = host.CreateClient("anct-1", Roles.Gestionnaire);

        using var byOwner = await _owner.DeleteAsync($"{Places}/{id}", TestContext.Current.CancellationToken);
        using var first = await gestionnaire.DeleteAsync($"{Places}/{id}", TestContext.Current.CancellationToken);
        using var again = await gestionnaire.DeleteAsync($"{Places}/{id}", TestContext.Current.CancellationToken);
        using var unknown = await gestionnaire.DeleteAsync($"{Places}/{Guid.NewGuid()}", TestContext.Current.CancellationToken);
        var (_, etag) = await _owner.ReadAsync(id);
        using var edit = await PutAsync(_owner, id, FullPlace("Rouvert"), etag);

        Assert.Equal(HttpStatusCode.Forbidden, byOwner.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Equal(DirectoryProblemTypes.PlaceArchived,
            (await edit.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("type").GetString());
        await probe.WaitForAsync(e => e.PlaceId == id && e.Archived);
        Assert.Single(probe.Received, e => e.Message.PlaceId == id);
    }
}

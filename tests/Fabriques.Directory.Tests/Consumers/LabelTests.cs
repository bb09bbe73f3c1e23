using System.Text.Json;
using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Directory;
using Fabriques.Contracts.Grants;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Consumers;

/// <summary>Grants events published on the real broker, as the grants service would.</summary>
public sealed class LabelTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    // 23:30 UTC on 29 November is already 30 November in Paris.
    private static readonly DateTimeOffset AwardedAt = new(2026, 11, 29, 23, 30, 0, TimeSpan.Zero);

    private static GrantAwarded Awarded(Guid placeId, bool digital) => new()
    {
        GrantId = Guid.CreateVersion7(),
        CandidatureId = Guid.CreateVersion7(),
        PlaceId = placeId,
        OwnerId = "porteur-labels",
        Contact = new Contact("Association", "Camille Martin", "camille@example.org"),
        Territory = TerritoryKind.Qpv,
        Digital = digital,
        Total = 150_000m,
        Instalments = [new InstalmentPlan(1, 50_000m, new DateOnly(2027, 1, 15))],
        OccurredAt = AwardedAt,
    };

    private async Task<Guid> RegisterAsync()
    {
        using var porteur = host.CreateClient("porteur-labels", Roles.Porteur);
        return (await porteur.RegisterAsync(FullPlace($"Fabrique {UniqueWord()}"))).Id();
    }

    private async Task<JsonElement[]> LabelsAsync(Guid placeId) =>
        [.. (await host.CreateClient().ReadAsync(placeId)).Place.GetProperty("labels").EnumerateArray()];

    [Fact]
    public async Task A_grant_awarded_labels_the_place_once_whatever_is_redelivered_and_PlaceLabelled_is_published()
    {
        await using var labelled = await EventProbe<PlaceLabelled>.StartAsync(host.BrokerUri);
        var placeId = await RegisterAsync();
        var (_, etag) = await host.CreateClient().ReadAsync(placeId);
        var awarded = Awarded(placeId, digital: false);

        await labelled.Bus.Publish(awarded, TestContext.Current.CancellationToken);
        await labelled.Bus.Publish(awarded, TestContext.Current.CancellationToken);

        var published = await labelled.WaitForAsync(e => e.PlaceId == placeId);
        Assert.Equal((PlaceLabelled.FabriqueDeTerritoire, new DateOnly(2026, 11, 30), awarded.GrantId, false),
            (published.Message.Label, published.Message.Since, published.Message.GrantId, published.Message.Removed));
        var label = Assert.Single(await LabelsAsync(placeId));
        Assert.Equal(("fabrique-de-territoire", "2026-11-30", awarded.GrantId),
            (label.GetProperty("label").GetString(), label.GetProperty("since").GetString(), label.GetProperty("grantId").GetGuid()));
        Assert.NotEqual(etag, (await host.CreateClient().ReadAsync(placeId)).ETag);
        var found = await host.CreateClient().GetJsonAsync($"{Places}?label=fabrique-de-territoire&pageSize=200");
        Assert.Contains(found.GetProperty("items").EnumerateArray(), p => p.Id() == placeId);
        await labelled.Bus.Publish(Awarded(await RegisterAsync(), digital: false), TestContext.Current.CancellationToken);
        await Eventually.SucceedsAsync(() => Task.FromResult(labelled.Received.Count >= 2), TimeSpan.FromSeconds(30), "the second place was not labelled");
        Assert.Single(labelled.Received, e => e.Message.PlaceId == placeId);
    }

    [Fact]
    public async Task A_digital_grant_gives_both_labels_so_the_place_is_found_as_a_Fabrique_de_Territoire_and_counts_once()
    {
        await using var labelled = await EventProbe<PlaceLabelled>.StartAsync(host.BrokerUri);
        var placeId = await RegisterAsync();
        var before = await host.CreateClient().GetJsonAsync(Stats);
        var awarded = Awarded(placeId, digital: true);

        await labelled.Bus.Publish(awarded, TestContext.Current.CancellationToken);
        await labelled.Bus.Publish(awarded, TestContext.Current.CancellationToken);

        await labelled.WaitForAsync(e => e.PlaceId == placeId && e.Label == PlaceLabelled.FabriqueNumeriqueDeTerritoire);
        await labelled.WaitForAsync(e => e.PlaceId == placeId && e.Label == PlaceLabelled.FabriqueDeTerritoire);
        Assert.Equal([PlaceLabelled.FabriqueDeTerritoire, PlaceLabelled.FabriqueNumeriqueDeTerritoire],
            (await LabelsAsync(placeId)).Select(l => l.GetProperty("label").GetString()));
        foreach (var label in new[] { PlaceLabelled.FabriqueDeTerritoire, PlaceLabelled.FabriqueNumeriqueDeTerritoire })
        {
            var found = await host.CreateClient().GetJsonAsync($"{Places}?label={label}&pageSize=200");
            Assert.Contains(found.GetProperty("items").EnumerateArray(), p => p.Id() == placeId);
        }
        var after = await host.CreateClient().GetJsonAsync(Stats);
        Assert.Equal(1, after.GetProperty("fabriques").GetInt32() - before.GetProperty("fabriques").GetInt32());
        Assert.Equal(1, after.GetProperty("fabriquesNumeriques").GetInt32() - before.GetProperty("fabriquesNumeriques").GetInt32());
        Assert.Equal(2, labelled.Received.Count(e => e.Message.PlaceId == placeId));
    }

    [Fact]
    public async Task A_cancelled_grant_takes_its_labels_away_and_those_of_another_grant_stay()
    {
        await using var labelled = await EventProbe<PlaceLabelled>.StartAsync(host.BrokerUri);
        var placeId = await RegisterAsync();
        var other = Awarded(placeId, digital: false);
        var awarded = Awarded(placeId, digital: true);
        await labelled.Bus.Publish(other, TestContext.Current.CancellationToken);
        await labelled.Bus.Publish(awarded, TestContext.Current.CancellationToken);
        await labelled.WaitForAsync(e => e.GrantId == awarded.GrantId && e.Label == PlaceLabelled.FabriqueNumeriqueDeTerritoire && !e.Removed);

        await labelled.Bus.Publish(new GrantCancelled
        {
            GrantId = awarded.GrantId, CandidatureId = awarded.CandidatureId, PlaceId = placeId, Motivation = "Projet abandonné", ReturnedToEnvelope = 100_000m,
        }, TestContext.Current.CancellationToken);

        await labelled.WaitForAsync(e => e.GrantId == awarded.GrantId && e.Label == PlaceLabelled.FabriqueNumeriqueDeTerritoire && e.Removed);
        await labelled.WaitForAsync(e => e.GrantId == awarded.GrantId && e.Label == PlaceLabelled.FabriqueDeTerritoire && e.Removed);
        // The other grant still makes it a Fabrique de Territoire.
        var kept = Assert.Single(await LabelsAsync(placeId));
        Assert.Equal((PlaceLabelled.FabriqueDeTerritoire, other.GrantId),
            (kept.GetProperty("label").GetString(), kept.GetProperty("grantId").GetGuid()));
    }
}

using System.Net;
using Fabriques.Candidature.Consumers;
using Fabriques.Candidature.Features;
using Fabriques.Contracts.Directory;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Consumers;

public sealed class PlaceReadModelTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private readonly Scenario _ = new(host);

    [Fact]
    public async Task A_place_moved_to_another_departement_is_listed_there()
    {
        var wave = Id(await _.OpenWaveAsync());
        var id = await _.SubmittedAsync(departmentCode: "06");
        var placeId = (await _.GetAsync(id)).GetProperty("placeId").GetGuid();
        using var deliveries = new Deliveries(host, nameof(PlaceUpdatedConsumer));

        await host.PublishAsync(Updated(placeId, "83", _.Now.AddMinutes(1)));
        await deliveries.WaitForAsync(1);

        Assert.Equal(1, (await _.ListAsync(_.Instructeur, $"wave={wave}&department=83")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await _.ListAsync(_.Instructeur, $"wave={wave}&department=06")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_place_archived_in_the_directory_can_no_longer_apply()
    {
        await _.OpenWaveAsync();
        var id = await _.DraftAsync();
        var placeId = (await _.GetAsync(id)).GetProperty("placeId").GetGuid();
        using var deliveries = new Deliveries(host, nameof(PlaceUpdatedConsumer));

        await host.PublishAsync(Updated(placeId, "06", _.Now.AddMinutes(1)) with { Archived = true });
        await deliveries.WaitForAsync(1);
        using var response = await _.PostAsync(_.Porteur, id, "submit");

        Assert.Equal(["placeId"], ErrorFields(await ProblemAsync(response, HttpStatusCode.UnprocessableEntity, CandidatureProblemTypes.Ineligible)));
    }

    [Fact]
    public async Task A_registration_arriving_after_a_newer_update_does_not_undo_it()
    {
        var wave = Id(await _.OpenWaveAsync());
        var placeId = Guid.CreateVersion7();
        using var updates = new Deliveries(host, nameof(PlaceUpdatedConsumer));
        using var registrations = new Deliveries(host, nameof(PlaceRegisteredConsumer));

        await host.PublishAsync(Updated(placeId, "83", _.Now.AddMinutes(1)));
        await updates.WaitForAsync(1);
        await host.PublishAsync(new PlaceRegistered
        {
            PlaceId = placeId, Name = "Ancien nom", InseeCode = "06088", DepartmentCode = "06", RegionCode = "93", OwnerId = Owner, OccurredAt = _.Now,
        });
        await registrations.WaitForAsync(1);
        await _.ActAsync(_.Porteur, Id(await _.DraftAsync(Body(placeId))), "submit");

        Assert.Equal(1, (await _.ListAsync(_.Instructeur, $"wave={wave}&department=83")).GetProperty("total").GetInt64());
    }

    private static PlaceUpdated Updated(Guid placeId, string departmentCode, DateTimeOffset at) => new()
    {
        PlaceId = placeId, Name = "Tiers-lieu des Moulins", InseeCode = departmentCode + "118", DepartmentCode = departmentCode,
        RegionCode = "93", OwnerId = Owner, OccurredAt = at,
    };
}

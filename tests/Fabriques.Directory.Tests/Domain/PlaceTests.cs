using Fabriques.Directory.Domain;

namespace Fabriques.Directory.Tests.Domain;

public sealed class PlaceTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(1));
    private static readonly PlaceRules Rules = new(new Territories());

    private static PlaceDetails Details(string name = "La Passa") => Rules.Validate(new PlaceInput
    {
        Name = name, Pivot = "73282932000074", Street = "269 route de la Gyronde", PostalCode = "05340", InseeCode = "05101",
        Commune = "Vallouise-Pelvoux", Kinds = ["coworking"],
    }, Provenance.Porteur).Details!;

    [Fact]
    public void An_update_with_the_same_fields_changes_nothing()
    {
        var place = Place.Register(Details(), "porteur-1", Monday);

        Assert.False(place.Update(Details(), Monday.AddDays(1)));
        Assert.Equal(Monday, place.UpdatedAt);
        Assert.True(place.Update(Details("La Passa, tiers-lieu"), Monday.AddDays(1)));
        Assert.Equal(Monday.AddDays(1), place.UpdatedAt);
    }

    [Fact]
    public void A_registered_place_is_known_in_open_data_by_its_id()
    {
        var place = Place.Register(Details(), "porteur-1", Monday);

        Assert.Equal(place.Id.ToString(), place.ExternalId);
        Assert.Equal("porteur-1", place.OwnerId);
    }

    [Fact]
    public void A_grant_gives_its_label_once_and_takes_it_back_when_cancelled()
    {
        var place = Place.Register(Details(), "porteur-1", Monday);
        var grant = Guid.NewGuid();
        var label = new PlaceLabel("fabrique-de-territoire", new DateOnly(2026, 11, 30), grant);

        Assert.Equal([label], place.AddLabels(grant, digital: false, label.Since, Monday));
        Assert.Empty(place.AddLabels(grant, digital: false, new DateOnly(2026, 12, 1), Monday));
        Assert.Equal([label], place.Labels);
        Assert.Empty(place.RemoveLabels(Guid.NewGuid(), Monday));
        Assert.Equal([label], place.RemoveLabels(grant, Monday));
        Assert.Empty(place.Labels);
    }

    [Fact]
    public void A_digital_grant_makes_a_Fabrique_de_Territoire_that_is_also_numerique()
    {
        var place = Place.Register(Details(), "porteur-1", Monday);
        var grant = Guid.NewGuid();
        var since = new DateOnly(2026, 11, 30);

        place.AddLabels(grant, digital: true, since, Monday);

        Assert.Equal(
            [new PlaceLabel("fabrique-de-territoire", since, grant), new PlaceLabel("fabrique-numerique-de-territoire", since, grant)],
            place.Labels);
        Assert.Equal(2, place.RemoveLabels(grant, Monday).Count);
    }

    [Fact]
    public void An_open_data_declaration_adds_or_removes_only_its_own_grantless_label()
    {
        var place = Place.Register(Details(), "porteur-1", Monday);
        var grant = Guid.NewGuid();
        place.AddLabels(grant, digital: false, new DateOnly(2026, 11, 30), Monday);

        Assert.True(place.DeclareFabrique(true, new DateOnly(2022, 1, 1), Monday));
        Assert.False(place.DeclareFabrique(true, new DateOnly(2023, 1, 1), Monday));
        Assert.Equal(2, place.Labels.Count);
        Assert.True(place.DeclareFabrique(false, new DateOnly(2024, 1, 1), Monday));
        Assert.Equal([grant], place.Labels.Select(l => l.GrantId));
    }

    [Fact]
    public void Archiving_twice_changes_nothing_the_second_time()
    {
        var place = Place.Register(Details(), "porteur-1", Monday);

        Assert.True(place.Archive(Monday.AddDays(1)));
        Assert.False(place.Archive(Monday.AddDays(2)));
        Assert.Equal(Monday.AddDays(1), place.ArchivedAt);
    }

    [Theory]
    [InlineData("2026-11-29T23:30:00+00:00", "2026-11-30")] // 00:30 in Paris (winter)
    [InlineData("2026-06-30T22:30:00+00:00", "2026-07-01")] // 00:30 in Paris (summer)
    [InlineData("2026-06-30T12:00:00+00:00", "2026-06-30")]
    public void Programme_dates_are_French_calendar_dates(string instant, string date) =>
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), FrenchDate.Of(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
}

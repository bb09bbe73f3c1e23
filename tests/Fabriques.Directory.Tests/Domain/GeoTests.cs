using Fabriques.Directory.Domain;

namespace Fabriques.Directory.Tests.Domain;

public sealed class GeoTests
{
    private static readonly PlaceRules Rules = new(new Territories());

    private static Place At(double latitude, double longitude) => Place.Register(Rules.Validate(new PlaceInput
    {
        Name = "Lieu", Pivot = "73282932000074", Street = "1 rue", PostalCode = "13001", InseeCode = "13055", Commune = "Marseille",
        Latitude = latitude, Longitude = longitude,
    }, Provenance.Porteur).Details!, "porteur-1", DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(48.8566, 2.3522, 43.2965, 5.3698, 660.5)] // Paris – Marseille
    [InlineData(43.2965, 5.3698, 43.2965, 5.3698, 0)]
    [InlineData(44.0925, 6.2356, 43.2965, 5.3698, 112.6)] // Digne – Marseille
    [InlineData(-21.1151, 55.5364, -12.7806, 45.2279, 1434.6)] // Saint-Denis de La Réunion – Mamoudzou
    public void The_distance_is_the_great_circle_distance(double fromLatitude, double fromLongitude, double latitude, double longitude, double km) =>
        Assert.Equal(km, Geo.DistanceKmFrom(fromLatitude, fromLongitude).Compile()(At(latitude, longitude)), 0.5);

    [Theory]
    [InlineData(43.2965, 5.3698, 10)]
    [InlineData(44.0925, 6.2356, 150)]
    [InlineData(89.9, 0, 50)] // near the pole every longitude is within reach
    [InlineData(-17.5, 179.95, 20)] // across the antimeridian
    public void Within_keeps_exactly_the_places_closer_than_the_radius(double latitude, double longitude, double radiusKm)
    {
        var within = Geo.Within(latitude, longitude, radiusKm).Compile();
        var distance = Geo.DistanceKmFrom(latitude, longitude).Compile();
        // Points around the centre, up to twice the radius away, so both sides of the boundary are well represented.
        var latitudeSpread = 2 * radiusKm / 111.2;
        var longitudeSpread = Math.Min(180, latitudeSpread / Math.Max(Math.Cos(latitude * Math.PI / 180), 0.01));
        var random = new Random(42);
        var places = Enumerable.Range(0, 2000)
            .Select(_ => At(
                Math.Clamp(latitude + (random.NextDouble() * 2 - 1) * latitudeSpread, -90, 90),
                Wrap(longitude + (random.NextDouble() * 2 - 1) * longitudeSpread)))
            .ToList();

        Assert.All(places, place => Assert.Equal(distance(place) <= radiusKm, within(place)));
        Assert.Contains(places, place => within(place));
        Assert.Contains(places, place => !within(place));
    }

    private static double Wrap(double longitude) => longitude > 180 ? longitude - 360 : longitude < -180 ? longitude + 360 : longitude;
}

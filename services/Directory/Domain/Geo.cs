using System.Linq.Expressions;

namespace Fabriques.Directory.Domain;

/// <summary>
/// Distances on the Earth (haversine, mean radius), written as expressions so PostgreSQL computes them where the rows
/// are, without the earthdistance extension.
/// </summary>
public static class Geo
{
    public const double EarthRadiusKm = 6371.0088;
    private const double KmPerDegreeOfLatitude = Math.PI * EarthRadiusKm / 180;
    private const double Radians = Math.PI / 180;

    /// <summary>Great-circle distance, in km, from (<paramref name="latitude"/>, <paramref name="longitude"/>) to a located place.</summary>
    public static Expression<Func<Place, double>> DistanceKmFrom(double latitude, double longitude) => place =>
        2 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Min(1,
            Math.Pow(Math.Sin((place.Location!.Latitude - latitude) * Radians / 2), 2)
            + Math.Cos(latitude * Radians) * Math.Cos(place.Location!.Latitude * Radians)
            * Math.Pow(Math.Sin((place.Location!.Longitude - longitude) * Radians / 2), 2))));

    /// <summary>
    /// Located places within <paramref name="radiusKm"/>: a bounding box an index can answer, then the exact distance.
    /// </summary>
    public static Expression<Func<Place, bool>> Within(double latitude, double longitude, double radiusKm)
    {
        var distance = DistanceKmFrom(latitude, longitude);
        var box = BoundingBox.Around(latitude, longitude, radiusKm);
        Expression<Func<Place, bool>> inBox = place => place.Location != null
            && place.Location.Latitude >= box.MinLatitude && place.Location.Latitude <= box.MaxLatitude
            && (box.AllLongitudes || (place.Location.Longitude >= box.MinLongitude && place.Location.Longitude <= box.MaxLongitude));
        var withinRadius = Expression.LessThanOrEqual(
            new ParameterReplacer(distance.Parameters[0], inBox.Parameters[0]).Visit(distance.Body), Expression.Constant(radiusKm));
        return Expression.Lambda<Func<Place, bool>>(Expression.AndAlso(inBox.Body, withinRadius), inBox.Parameters);
    }

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    /// <summary>The latitude/longitude rectangle that holds every point within a radius.</summary>
    public readonly record struct BoundingBox(
        double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude, bool AllLongitudes)
    {
        public static BoundingBox Around(double latitude, double longitude, double radiusKm)
        {
            var dLatitude = radiusKm / KmPerDegreeOfLatitude;
            var minLatitude = latitude - dLatitude;
            var maxLatitude = latitude + dLatitude;
            // Near a pole, or across the antimeridian, every longitude may be within reach.
            if (minLatitude <= -90 || maxLatitude >= 90)
            {
                return new(Math.Max(minLatitude, -90), Math.Min(maxLatitude, 90), -180, 180, AllLongitudes: true);
            }
            var dLongitude = Math.Asin(Math.Min(1, Math.Sin(radiusKm / EarthRadiusKm) / Math.Cos(latitude * Radians))) / Radians;
            var minLongitude = longitude - dLongitude;
            var maxLongitude = longitude + dLongitude;
            var all = minLongitude < -180 || maxLongitude > 180 || dLongitude >= 90;
            return new(minLatitude, maxLatitude, minLongitude, maxLongitude, all);
        }
    }
}

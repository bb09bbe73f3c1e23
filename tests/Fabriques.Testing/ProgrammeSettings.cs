using System.Text.Json;

namespace Fabriques.Testing;

/// <summary>The body of <c>PUT /api/grants/programme</c> built from what <c>GET</c> answered.</summary>
public static class ProgrammeSettings
{
    /// <summary>
    /// The programme's settings as they are, with <paramref name="envelope"/> instead of its envelope and
    /// <paramref name="caps"/> (<c>{ maxPerYear, minTotal, maxTotal }</c>) instead of its caps if given.
    /// </summary>
    public static object From(JsonElement programme, decimal? envelope = null, object? caps = null)
    {
        var targets = programme.GetProperty("targets");
        return new
        {
            envelope = envelope ?? programme.GetProperty("envelope").GetDecimal(),
            targets = new
            {
                qpv = targets.GetProperty("qpv").GetProperty("target").GetInt32(),
                outsideLargeUrbanCentres = targets.GetProperty("outsideLargeUrbanCentres").GetProperty("target").GetInt32(),
                digital = targets.GetProperty("digital").GetProperty("target").GetInt32(),
            },
            caps = caps ?? programme.GetProperty("caps"),
            digitalBonus = programme.GetProperty("digitalBonus").GetDecimal(),
        };
    }
}

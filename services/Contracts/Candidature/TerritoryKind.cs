using System.Text.Json.Serialization;

namespace Fabriques.Contracts.Candidature;

/// <summary>The programme's two territory targets.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TerritoryKind>))]
public enum TerritoryKind
{
    /// <summary>A priority urban neighbourhood (quartier prioritaire de la politique de la ville).</summary>
    [JsonStringEnumMemberName("qpv")]
    Qpv,

    [JsonStringEnumMemberName("outside-large-urban-centres")]
    OutsideLargeUrbanCentres,
}

using Fabriques.Candidature.Domain;
using Fabriques.ServiceDefaults.Http;

namespace Fabriques.Candidature.Features;

/// <summary>A candidature as the contract shows it, with its Démarches Simplifiées state and its history.</summary>
public sealed record CandidatureResponse(
    Guid Id,
    Guid PlaceId,
    string OwnerId,
    CandidatureState State,
    string DsState,
    Guid? WaveId,
    Applicant Applicant,
    Project Project,
    Territory Territory,
    bool Digital,
    Funding Funding,
    decimal? Score,
    string? AssignedTo,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<HistoryEntry> History)
{
    public static CandidatureResponse From(Dossier d) => new(
        d.Id, d.PlaceId, d.OwnerId, d.State, Domain.DsState.Of(d.State), d.WaveId, d.Applicant, d.Project, d.Territory, d.Digital,
        d.Funding, d.Score, d.AssignedTo, d.CreatedAt, d.UpdatedAt, d.History);
}

/// <summary>200 with the candidature and its <c>ETag</c>.</summary>
public static class CandidatureResults
{
    public static IResult Ok(HttpResponse response, Dossier dossier)
    {
        response.SetETag(dossier.Version);
        return TypedResults.Ok(CandidatureResponse.From(dossier));
    }
}

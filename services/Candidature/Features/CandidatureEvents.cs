using Fabriques.Candidature.Domain;
using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;

namespace Fabriques.Candidature.Features;

/// <summary>The integration events of the lifecycle, with what their consumers need so none has to call back.</summary>
public static class CandidatureEvents
{
    public static CandidatureSubmitted Submitted(Dossier d, HistoryEntry step, Wave wave) => new()
    {
        CandidatureId = d.Id, PlaceId = d.PlaceId, OwnerId = d.OwnerId, Contact = ContactOf(d), ProjectTitle = d.Project.Title,
        OccurredAt = step.At, Sequence = d.Sequence,
        WaveId = wave.Id,
        WaveName = wave.Name,
        Deadline = wave.Deadline,
    };

    public static CandidatureReviewStarted ReviewStarted(Dossier d, HistoryEntry step) => new()
    {
        CandidatureId = d.Id, PlaceId = d.PlaceId, OwnerId = d.OwnerId, Contact = ContactOf(d), ProjectTitle = d.Project.Title,
        OccurredAt = step.At, Sequence = d.Sequence,
    };

    public static CandidatureReturned Returned(Dossier d, HistoryEntry step) => new()
    {
        CandidatureId = d.Id, PlaceId = d.PlaceId, OwnerId = d.OwnerId, Contact = ContactOf(d), ProjectTitle = d.Project.Title,
        OccurredAt = step.At, Sequence = d.Sequence,
        Motivation = step.Motivation!,
    };

    /// <summary>Everything the grants service needs to award the subsidy. Eligibility guaranteed the territory.</summary>
    public static CandidatureAccepted Accepted(Dossier d, HistoryEntry step, string departmentCode) => new()
    {
        CandidatureId = d.Id, PlaceId = d.PlaceId, OwnerId = d.OwnerId, Contact = ContactOf(d), ProjectTitle = d.Project.Title,
        OccurredAt = step.At, Sequence = d.Sequence,
        WaveId = d.WaveId!.Value,
        Territory = d.Territory.Kind!.Value,
        QpvCode = d.Territory.QpvCode,
        Digital = d.Digital,
        AmountPerYear = d.Funding.AmountPerYear,
        DurationYears = d.Funding.DurationYears,
        DepartmentCode = departmentCode,
        Motivation = step.Motivation,
        Score = d.Score,
        DecidedBy = step.By,
    };

    public static CandidatureRejected Rejected(Dossier d, HistoryEntry step) => new()
    {
        CandidatureId = d.Id, PlaceId = d.PlaceId, OwnerId = d.OwnerId, Contact = ContactOf(d), ProjectTitle = d.Project.Title,
        OccurredAt = step.At, Sequence = d.Sequence,
        Motivation = step.Motivation!,
        DecidedBy = step.By,
    };

    public static CandidatureDismissed Dismissed(Dossier d, HistoryEntry step) => new()
    {
        CandidatureId = d.Id, PlaceId = d.PlaceId, OwnerId = d.OwnerId, Contact = ContactOf(d), ProjectTitle = d.Project.Title,
        OccurredAt = step.At, Sequence = d.Sequence,
        Motivation = step.Motivation!,
        DecidedBy = step.By,
    };

    public static CandidatureReopened Reopened(Dossier d, HistoryEntry step) => new()
    {
        CandidatureId = d.Id, PlaceId = d.PlaceId, OwnerId = d.OwnerId, Contact = ContactOf(d), ProjectTitle = d.Project.Title,
        OccurredAt = step.At, Sequence = d.Sequence,
        Motivation = step.Motivation!,
        DecidedBy = step.By,
    };

    public static CandidatureWithdrawn Withdrawn(Dossier d, HistoryEntry step) => new()
    {
        CandidatureId = d.Id, PlaceId = d.PlaceId, OwnerId = d.OwnerId, Contact = ContactOf(d), ProjectTitle = d.Project.Title,
        OccurredAt = step.At, Sequence = d.Sequence,
    };

    private static Contact ContactOf(Dossier d) => new(d.Applicant.OrganisationName, d.Applicant.ContactName, d.Applicant.ContactEmail);
}

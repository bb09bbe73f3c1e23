using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;

namespace Fabriques.Grants.Tests.Support;

/// <summary>Acceptances as the candidature service publishes them.</summary>
public static class Candidatures
{
    public static CandidatureAccepted Accepted(
        TerritoryKind territory = TerritoryKind.Qpv,
        bool digital = false,
        decimal amountPerYear = 50_000m,
        int durationYears = 3,
        string department = "93",
        string owner = "porteur-1") => new()
    {
        CandidatureId = Guid.CreateVersion7(),
        PlaceId = Guid.CreateVersion7(),
        OwnerId = owner,
        Contact = new Contact("Association La Fabrique", "Camille Martin", "camille@example.org"),
        ProjectTitle = "Fabrique de quartier",
        WaveId = Guid.CreateVersion7(),
        Territory = territory,
        QpvCode = territory == TerritoryKind.Qpv ? "QN09301M" : null,
        Digital = digital,
        AmountPerYear = amountPerYear,
        DurationYears = durationYears,
        DepartmentCode = department,
        DecidedBy = "instructeur-1",
        Sequence = 4,
    };

    /// <summary>The same candidature accepted again, <paramref name="steps"/> steps later (reopened, then accepted).</summary>
    public static CandidatureAccepted AcceptedAgain(CandidatureAccepted accepted, int steps = 2) =>
        accepted with { EventId = Guid.CreateVersion7(), Sequence = accepted.Sequence + steps, OccurredAt = DateTimeOffset.UtcNow };

    /// <summary>The candidature of <paramref name="accepted"/> reopened by an instructeur, the step after it.</summary>
    public static CandidatureReopened Reopened(CandidatureAccepted accepted, string by = "instructeur-2") => new()
    {
        CandidatureId = accepted.CandidatureId,
        PlaceId = accepted.PlaceId,
        OwnerId = accepted.OwnerId,
        Contact = accepted.Contact,
        ProjectTitle = accepted.ProjectTitle,
        Motivation = "Le plan de financement doit être revu.",
        DecidedBy = by,
        Sequence = accepted.Sequence + 1,
    };
}

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
    };
}

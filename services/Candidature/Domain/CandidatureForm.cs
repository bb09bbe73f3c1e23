using Fabriques.Contracts.Candidature;

namespace Fabriques.Candidature.Domain;

/// <summary>Who applies: the organisation carrying the project and the person to write to.</summary>
public sealed record Applicant(string OrganisationName, string Pivot, string LegalStatus, string ContactName, string ContactEmail);

/// <summary>The project of the future Fabrique.</summary>
public sealed record Project(string Title, string Summary, IReadOnlyList<string> Services, IReadOnlyList<string> Partners, decimal JobsFte);

/// <summary>The programme target the project claims; <see cref="Kind"/> may stay unknown while the draft is written.</summary>
public sealed record Territory(TerritoryKind? Kind, string? QpvCode);

/// <summary>The subsidy asked for.</summary>
public sealed record Funding(decimal AmountPerYear, int DurationYears)
{
    public decimal Total => AmountPerYear * DurationYears;
}

/// <summary>Everything the porteur writes in a candidature; eligibility is checked on it at submission.</summary>
public sealed record CandidatureForm(Guid PlaceId, Applicant Applicant, Project Project, Territory Territory, bool Digital, Funding Funding);

using Fabriques.Contracts.Candidature;

namespace Fabriques.Grants.Domain;

/// <summary>What an accepted candidature asks of the programme.</summary>
public sealed record GrantTerms(TerritoryKind Territory, bool Digital, decimal AmountPerYear, int DurationYears)
{
    /// <summary>The subsidy itself, without the digital bonus.</summary>
    public decimal Subsidy => AmountPerYear * DurationYears;
}

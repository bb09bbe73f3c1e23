using Fabriques.Contracts.Grants;

namespace Fabriques.Grants.Domain;

public static class InstalmentSchedule
{
    /// <summary>
    /// One instalment a year, the first due on the award date and each next one a year later; the digital bonus is
    /// paid with the first. Every instalment is the yearly amount itself, so the plan adds up to the cent.
    /// </summary>
    public static IReadOnlyList<InstalmentPlan> Plan(decimal amountPerYear, int durationYears, decimal digitalBonus, DateOnly awardedOn) =>
        Enumerable.Range(1, durationYears)
            .Select(year => new InstalmentPlan(year, amountPerYear + (year == 1 ? digitalBonus : 0m), awardedOn.AddYears(year - 1)))
            .ToList();
}

using Fabriques.Contracts.Grants;
using Fabriques.Grants.Domain;

namespace Fabriques.Grants.Tests.Domain;

public sealed class InstalmentScheduleTests
{
    private static readonly DateOnly AwardedOn = new(2027, 3, 15);

    [Fact]
    public void A_two_year_grant_pays_one_instalment_a_year_from_the_award_date()
    {
        var plan = InstalmentSchedule.Plan(40_000m, 2, 0m, AwardedOn);

        Assert.Equal([new InstalmentPlan(1, 40_000m, AwardedOn), new InstalmentPlan(2, 40_000m, new DateOnly(2028, 3, 15))], plan);
    }

    [Fact]
    public void A_three_year_digital_grant_pays_the_bonus_with_the_first_instalment()
    {
        var plan = InstalmentSchedule.Plan(50_000m, 3, 100_000m, AwardedOn);

        Assert.Equal([150_000m, 50_000m, 50_000m], plan.Select(i => i.Amount));
        Assert.Equal([1, 2, 3], plan.Select(i => i.Year));
        Assert.Equal(new DateOnly(2029, 3, 15), plan[2].DueOn);
    }

    [Fact]
    public void The_plan_adds_up_to_the_cent()
    {
        var plan = InstalmentSchedule.Plan(33_333.33m, 3, 0m, AwardedOn);

        Assert.Equal(99_999.99m, plan.Sum(i => i.Amount));
        Assert.All(plan, i => Assert.Equal(33_333.33m, i.Amount));
    }

    [Fact]
    public void A_grant_awarded_on_a_29th_of_february_falls_due_on_the_28th_in_later_years()
    {
        var plan = InstalmentSchedule.Plan(40_000m, 2, 0m, new DateOnly(2028, 2, 29));

        Assert.Equal(new DateOnly(2029, 2, 28), plan[1].DueOn);
    }
}

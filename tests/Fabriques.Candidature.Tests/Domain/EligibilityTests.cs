using Fabriques.Candidature.Domain;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Grants;

namespace Fabriques.Candidature.Tests.Domain;

public sealed class EligibilityTests
{
    private const string Owner = "porteur-1";
    private static readonly CandidatureForm Eligible = LifecycleTests.Form();
    private static readonly KnownPlace Place = new() { Id = Eligible.PlaceId, Name = "La Fabrique", DepartmentCode = "06", OwnerId = Owner };

    /// <summary>The place's owner submits, under the contract's default rules unless told otherwise.</summary>
    private static IReadOnlyList<EligibilityFailure> Check(CandidatureForm form, KnownPlace? place, string applicantId = Owner, ProgrammeRules? rules = null) =>
        Eligibility.Check(form, place, applicantId, rules ?? ProgrammeRules.Default);

    [Fact]
    public void An_eligible_candidature_breaks_no_rule() => Assert.Empty(Check(Eligible, Place));

    [Theory]
    [InlineData("W751234567")]
    [InlineData("73282932000074")] // SIRET with a valid Luhn key
    [InlineData("35600000049837")] // La Poste: digit sum divisible by 5
    public void A_valid_SIRET_or_RNA_number_is_accepted(string pivot) =>
        Assert.Empty(Check(Eligible with { Applicant = Eligible.Applicant with { Pivot = pivot } }, Place));

    [Theory]
    [InlineData("73282932000075")] // wrong Luhn key
    [InlineData("W12345678")]
    [InlineData("00000000000000")]
    [InlineData("siret")]
    public void An_invalid_pivot_is_refused(string pivot) =>
        AssertOnlyFailure(Eligible with { Applicant = Eligible.Applicant with { Pivot = pivot } }, Place, "applicant.pivot");

    [Fact]
    public void A_place_unknown_to_the_directory_is_refused() => AssertOnlyFailure(Eligible, null, "placeId");

    [Fact]
    public void An_archived_place_is_refused()
    {
        var archived = new KnownPlace { Id = Place.Id, Name = Place.Name, DepartmentCode = "06", OwnerId = Owner, Archived = true };

        AssertOnlyFailure(Eligible, archived, "placeId");
    }

    [Fact]
    public void The_territory_must_be_given() =>
        AssertOnlyFailure(Eligible with { Territory = new Territory(null, null), Digital = false }, Place, "territory.kind");

    [Theory]
    [InlineData(null)]
    [InlineData("QX06801M")]
    [InlineData("QN068")]
    [InlineData("QP0670AB")] // refused by the directory too: one rule (Contracts' QpvCode)
    public void A_QPV_needs_a_well_formed_QPV_code(string? code) =>
        AssertOnlyFailure(Eligible with { Territory = new Territory(TerritoryKind.Qpv, code) }, Place, "territory.qpvCode");

    [Theory]
    [InlineData("QN06801M")]
    [InlineData("QP067001")]
    [InlineData("QP02A001")]
    [InlineData("QN97101A")]
    public void QPV_codes_of_both_geographies_are_accepted(string code) =>
        Assert.Empty(Check(Eligible with { Territory = new Territory(TerritoryKind.Qpv, code) }, Place));

    [Fact]
    public void Outside_large_urban_centres_is_eligible_without_a_QPV_code_and_refused_with_one()
    {
        var outside = Eligible with { Territory = new Territory(TerritoryKind.OutsideLargeUrbanCentres, null), Digital = false };

        Assert.Empty(Check(outside, Place));
        AssertOnlyFailure(outside with { Territory = outside.Territory with { QpvCode = "QN06801M" } }, Place, "territory.qpvCode");
    }

    [Fact]
    public void Digital_is_only_for_a_QPV() =>
        AssertOnlyFailure(Eligible with { Territory = new Territory(TerritoryKind.OutsideLargeUrbanCentres, null), Digital = true }, Place, "digital");

    [Theory]
    [InlineData(2, 50_000, true)]
    [InlineData(3, 50_000, true)]
    [InlineData(3, 25_000, true)] // 75 000 in total: the floor
    [InlineData(1, 50_000, false)]
    [InlineData(4, 37_500, false)]
    public void The_grant_lasts_2_or_3_years(int years, int amountPerYear, bool eligible)
    {
        var failures = Check(Eligible with { Funding = new Funding(amountPerYear, years) }, Place);

        Assert.Equal(eligible, !failures.Any(f => f.Field == "funding.durationYears"));
    }

    [Fact]
    public void At_most_50_000_a_year()
    {
        Assert.Empty(Check(Eligible with { Funding = new Funding(50_000m, 2) }, Place));
        AssertOnlyFailure(Eligible with { Funding = new Funding(50_000.01m, 2) }, Place, "funding.amountPerYear");
    }

    [Theory]
    [InlineData(37_499.99, 2, false)]
    [InlineData(37_500, 2, true)]
    [InlineData(50_000, 3, true)]
    [InlineData(24_999.99, 3, false)]
    public void The_total_is_between_75_000_and_150_000(double amountPerYear, int years, bool eligible)
    {
        var failures = Check(Eligible with { Funding = new Funding((decimal)amountPerYear, years) }, Place);

        Assert.Equal(eligible, failures.Count == 0);
        Assert.All(failures, f => Assert.Equal("funding", f.Field));
    }

    [Fact]
    public void Every_broken_rule_is_listed_at_once()
    {
        var everythingWrong = Eligible with
        {
            Applicant = Eligible.Applicant with { Pivot = "123" },
            Territory = new Territory(TerritoryKind.OutsideLargeUrbanCentres, null),
            Digital = true,
            Funding = new Funding(60_000m, 4),
        };

        var failures = Check(everythingWrong, null);

        Assert.Equal(
            ["applicant.pivot", "placeId", "digital", "funding.durationYears", "funding.amountPerYear", "funding"],
            failures.Select(f => f.Field));
        Assert.All(failures, f => Assert.False(string.IsNullOrWhiteSpace(f.Message)));
    }

    [Theory]
    [InlineData("73282932000074")] // the place's own SIRET
    [InlineData("73282932000033")] // another establishment of the same SIREN
    public void Someone_else_may_apply_for_the_place_in_the_name_of_its_organisation(string pivot)
    {
        var place = new KnownPlace { Id = Place.Id, Name = Place.Name, DepartmentCode = "06", OwnerId = Owner, Pivot = "73282932000074" };

        Assert.Empty(Check(Eligible with { Applicant = Eligible.Applicant with { Pivot = pivot } }, place, applicantId: "porteur-2"));
    }

    [Theory]
    [InlineData(null, "73282932000074")] // the directory does not know the place's organisation
    [InlineData("73282932000074", "40483304800022")] // another organisation's SIRET
    [InlineData("W751234567", "W751234568")]
    public void Someone_else_applying_with_another_organisation_is_refused(string? placePivot, string applicantPivot)
    {
        var place = new KnownPlace { Id = Place.Id, Name = Place.Name, DepartmentCode = "06", OwnerId = Owner, Pivot = placePivot };
        var form = Eligible with { Applicant = Eligible.Applicant with { Pivot = applicantPivot } };

        Assert.Empty(Check(form, place));
        Assert.Equal(["applicant.pivot"], Check(form, place, applicantId: "porteur-2").Select(f => f.Field));
    }

    [Fact]
    public void The_caps_and_durations_are_those_the_grants_service_announced()
    {
        var rules = ProgrammeRules.From(ProgrammeSettingsChanged.Default with { MaxPerYear = 30_000m, MinTotal = 60_000m, MaxTotal = 90_000m, Durations = [3] });

        Assert.Equal(["funding", "funding.amountPerYear"], Check(Eligible, Place, rules: rules).Select(f => f.Field).Order(StringComparer.Ordinal));
        Assert.Empty(Check(Eligible with { Funding = new Funding(30_000m, 3) }, Place, rules: rules));
        Assert.Equal(["funding.durationYears"], Check(Eligible with { Funding = new Funding(30_000m, 2) }, Place, rules: rules).Select(f => f.Field));
    }

    [Fact]
    public void A_target_set_to_zero_closes_the_call_to_that_kind_of_Fabrique()
    {
        var noDigital = ProgrammeRules.From(ProgrammeSettingsChanged.Default with { DigitalTarget = 0 });
        var noQpv = ProgrammeRules.From(ProgrammeSettingsChanged.Default with { QpvTarget = 0, DigitalTarget = 0 });

        Assert.Equal(["digital"], Check(Eligible, Place, rules: noDigital).Select(f => f.Field));
        Assert.Empty(Check(Eligible with { Digital = false }, Place, rules: noDigital));
        Assert.Equal(["territory.kind"], Check(Eligible with { Digital = false }, Place, rules: noQpv).Select(f => f.Field));
    }

    private static void AssertOnlyFailure(CandidatureForm form, KnownPlace? place, string field) =>
        Assert.Equal([field], Check(form, place).Select(f => f.Field));
}

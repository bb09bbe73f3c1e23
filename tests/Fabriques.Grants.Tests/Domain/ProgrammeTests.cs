using Fabriques.Contracts.Candidature;
using Fabriques.Grants.Domain;

namespace Fabriques.Grants.Tests.Domain;

public sealed class ProgrammeTests
{
    private static readonly Programme Default = Programme.Create(ProgrammeSettings.Default);

    private static GrantTerms Qpv(decimal amountPerYear = 50_000m, int years = 3, bool digital = false) =>
        new(TerritoryKind.Qpv, digital, amountPerYear, years);

    private static GrantTerms Outside(decimal amountPerYear = 50_000m, int years = 3) =>
        new(TerritoryKind.OutsideLargeUrbanCentres, false, amountPerYear, years);

    [Fact]
    public void The_default_programme_is_the_one_decided()
    {
        Assert.Equal(45_000_000m, Default.Envelope);
        Assert.Equal((150, 30, 150), (Default.QpvTarget, Default.DigitalTarget, Default.OutsideLargeUrbanCentresTarget));
        Assert.Equal((50_000m, 75_000m, 150_000m), (Default.MaxPerYear, Default.MinTotal, Default.MaxTotal));
        Assert.Equal(100_000m, Default.DigitalBonus);
    }

    [Theory]
    [InlineData(50_000, 3)]
    [InlineData(37_500, 2)]
    [InlineData(25_000, 3)]
    [InlineData(33_333.33, 3)]
    public void A_grant_within_the_caps_fits_an_empty_programme(decimal amountPerYear, int years)
    {
        Assert.Empty(Default.RefusalsOf(Qpv(amountPerYear, years), ProgrammeUsage.None));
        Assert.Empty(Default.RefusalsOf(Outside(amountPerYear, years), ProgrammeUsage.None));
    }

    [Theory]
    [InlineData(50_000.01, 2, "plafond")]
    [InlineData(50_000, 4, "2 ou 3 ans")]
    [InlineData(50_000, 1, "2 ou 3 ans")]
    [InlineData(37_499.99, 2, "fourchette")]
    [InlineData(24_999.99, 3, "fourchette")]
    [InlineData(0, 3, "positif")]
    [InlineData(-40_000, 3, "positif")]
    [InlineData(40_000.001, 3, "centime")]
    public void A_grant_outside_the_caps_is_refused_again_here(decimal amountPerYear, int years, string reason)
    {
        var refusals = Default.RefusalsOf(Qpv(amountPerYear, years), ProgrammeUsage.None);

        Assert.Contains(refusals, r => r.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void An_absurd_amount_is_refused_without_overflowing()
    {
        var refusals = Default.RefusalsOf(Qpv(decimal.MaxValue, int.MaxValue), ProgrammeUsage.None);

        Assert.Contains(refusals, r => r.Contains("plafond", StringComparison.Ordinal));
        Assert.Contains(refusals, r => r.Contains("2 ou 3 ans", StringComparison.Ordinal));
    }

    [Fact]
    public void A_digital_fabrique_must_be_in_a_qpv()
    {
        var refusals = Default.RefusalsOf(new GrantTerms(TerritoryKind.OutsideLargeUrbanCentres, true, 50_000m, 3), ProgrammeUsage.None);

        Assert.Contains(refusals, r => r.Contains("QPV", StringComparison.Ordinal));
    }

    [Fact]
    public void The_qpv_target_refuses_the_151st_qpv_grant_and_nothing_else()
    {
        var full = ProgrammeUsage.None with { Qpv = 150 };
        var almost = ProgrammeUsage.None with { Qpv = 149 };

        Assert.Contains(Default.RefusalsOf(Qpv(), full), r => r.Contains("150 Fabriques en quartier prioritaire", StringComparison.Ordinal));
        Assert.Empty(Default.RefusalsOf(Qpv(), almost));
        Assert.Empty(Default.RefusalsOf(Outside(), full));
    }

    [Fact]
    public void The_outside_target_refuses_the_151st_grant_outside_large_urban_centres()
    {
        var full = ProgrammeUsage.None with { OutsideLargeUrbanCentres = 150 };

        Assert.Contains(Default.RefusalsOf(Outside(), full), r => r.Contains("hors des grands centres urbains", StringComparison.Ordinal));
        Assert.Empty(Default.RefusalsOf(Qpv(), full));
    }

    [Fact]
    public void The_digital_target_refuses_the_31st_digital_fabrique_but_not_a_plain_qpv_one()
    {
        var full = ProgrammeUsage.None with { Qpv = 30, Digital = 30 };

        Assert.Contains(Default.RefusalsOf(Qpv(digital: true), full), r => r.Contains("30 Fabriques numériques", StringComparison.Ordinal));
        Assert.Empty(Default.RefusalsOf(Qpv(digital: false), full));
    }

    [Fact]
    public void The_envelope_funds_a_grant_to_the_last_cent_and_not_one_cent_more()
    {
        var exactly = ProgrammeUsage.None with { Committed = 45_000_000m - 150_000m };
        var oneCentShort = ProgrammeUsage.None with { Committed = 45_000_000m - 149_999.99m };

        Assert.Empty(Default.RefusalsOf(Outside(), exactly));
        var refusal = Assert.Single(Default.RefusalsOf(Outside(), oneCentShort));
        Assert.Contains("enveloppe", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_digital_bonus_counts_against_the_envelope()
    {
        var usage = ProgrammeUsage.None with { Committed = 45_000_000m - 200_000m };

        Assert.Equal(250_000m, Default.CostOf(Qpv(digital: true)));
        Assert.Empty(Default.RefusalsOf(Qpv(digital: false), usage));
        Assert.NotEmpty(Default.RefusalsOf(Qpv(digital: true), usage));
    }

    [Fact]
    public void Every_reason_is_given_when_several_limits_are_reached()
    {
        var usage = new ProgrammeUsage(Committed: 45_000_000m, Paid: 0, Qpv: 150, Digital: 30, OutsideLargeUrbanCentres: 0);

        Assert.Equal(3, Default.RefusalsOf(Qpv(digital: true), usage).Count);
    }

    [Fact]
    public void Settings_cannot_fall_below_what_is_already_committed_or_awarded()
    {
        var programme = Programme.Create(ProgrammeSettings.Default);
        var usage = new ProgrammeUsage(Committed: 1_000_000m, Paid: 0, Qpv: 10, Digital: 3, OutsideLargeUrbanCentres: 5);
        var lower = new ProgrammeSettings(999_999.99m, 9, 2, 4, 50_000m, 75_000m, 150_000m, 100_000m);

        var refusal = programme.Update(lower, usage, "gestionnaire-1", DateTimeOffset.UnixEpoch);

        Assert.Equal(GrantRefusals.BelowUsage, refusal?.Code);
        Assert.All(["L'enveloppe", "L'objectif QPV", "L'objectif numérique", "L'objectif hors des grands centres urbains"],
            reason => Assert.Contains(reason, refusal!.Message, StringComparison.Ordinal));
        Assert.Equal(ProgrammeSettings.Default, programme.Settings);
        Assert.Null(programme.UpdatedBy);
    }

    [Fact]
    public void Settings_at_exactly_what_is_used_are_accepted_and_traced()
    {
        var programme = Programme.Create(ProgrammeSettings.Default);
        var usage = new ProgrammeUsage(Committed: 1_000_000m, Paid: 0, Qpv: 10, Digital: 3, OutsideLargeUrbanCentres: 5);
        var settings = new ProgrammeSettings(1_000_000m, 10, 3, 5, 40_000m, 80_000m, 120_000m, 0m);

        Assert.Null(programme.Update(settings, usage, "gestionnaire-1", DateTimeOffset.UnixEpoch));

        Assert.Equal(settings, programme.Settings);
        Assert.Equal("gestionnaire-1", programme.UpdatedBy);
        Assert.Equal(DateTimeOffset.UnixEpoch, programme.UpdatedAt);
    }
}

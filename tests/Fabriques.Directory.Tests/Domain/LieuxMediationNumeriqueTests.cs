using Fabriques.Directory.Domain;

namespace Fabriques.Directory.Tests.Domain;

public sealed class LieuxMediationNumeriqueTests
{
    private static readonly PlaceRules Rules = new(new Territories());

    private static (string? Id, PlaceInput Input, IReadOnlyList<string> Errors) Read(params (string Column, string Value)[] values)
    {
        var line = values.ToDictionary(v => v.Column, v => v.Value);
        return LieuxMediationNumerique.Read(column => line.GetValueOrDefault(column));
    }

    [Fact]
    public void Postal_and_INSEE_codes_that_lost_their_leading_zero_get_it_back()
    {
        var (_, input, errors) = Read(("id", "a"), ("code_postal", "4000"), ("code_insee", "4070"));

        Assert.Empty(errors);
        Assert.Equal(("04000", "04070"), (input.PostalCode, input.InseeCode));
    }

    [Fact]
    public void Of_several_values_separated_by_a_bar_the_first_is_kept()
    {
        var (_, input, _) = Read(("id", "a"), ("courriels", "contact@a.fr|direction@a.fr"), ("site_web", " https://a.fr/ | https://m.facebook.com/a"),
            ("telephone", "+33492310000|+33492310001"));

        Assert.Equal(("contact@a.fr", "https://a.fr/", "+33492310000"), (input.Email, input.Website, input.Phone));
    }

    [Fact]
    public void Coordinates_are_read_with_a_point_or_a_comma()
    {
        var (_, input, errors) = Read(("id", "a"), ("latitude", "43,52609"), ("longitude", "5.41423"));

        Assert.Empty(errors);
        Assert.Equal((43.52609, 5.41423), (input.Latitude, input.Longitude));
    }

    [Fact]
    public void What_cannot_be_read_is_reported_with_its_column()
    {
        var (id, _, errors) = Read(("latitude", "nord"), ("date_maj", "02/04/2024"));

        Assert.Null(id);
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("id :", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("latitude :", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("date_maj :", StringComparison.Ordinal));
    }

    [Fact]
    public void The_detailed_presentation_is_the_description_else_the_summary()
    {
        Assert.Equal("Détail", Read(("presentation_resume", "Résumé"), ("presentation_detail", "Détail")).Input.Description);
        Assert.Equal("Résumé", Read(("presentation_resume", "Résumé"), ("presentation_detail", " ")).Input.Description);
    }

    [Fact]
    public void A_written_line_reads_back_as_the_same_place()
    {
        var details = Rules.Validate(new PlaceInput
        {
            Name = "Anonymal", Description = new string('x', 300), Pivot = "W751234567", Street = "1 place Victor Schoelcher",
            Complement = "Le patio", PostalCode = "13090", InseeCode = "13001", Commune = "Aix-en-Provence",
            Latitude = 43.526275123456789, Longitude = 5.414659, Email = "a@b.fr", Phone = "+33180059880", Website = "https://anonymal.tv",
        }, Provenance.Porteur).Details!;
        var place = Place.Register(details, "porteur-1", DateTimeOffset.UnixEpoch);

        var written = LieuxMediationNumerique.Columns.Zip(LieuxMediationNumerique.Write(place)).ToDictionary(p => p.First, p => p.Second);
        var (id, input, errors) = LieuxMediationNumerique.Read(column => written.GetValueOrDefault(column));
        var read = Rules.Validate(input, Provenance.OpenData).Details!;

        Assert.Empty(errors);
        Assert.Equal(place.ExternalId, id);
        Assert.False(place.Update(read, DateTimeOffset.UnixEpoch.AddDays(1)));
        Assert.Equal(280, written["presentation_resume"].Length);
        Assert.Equal("1970-01-01", written["date_maj"]);
    }

    [Fact]
    public void An_unknown_pivot_is_written_as_the_national_convention()
    {
        var details = Rules.Validate(new PlaceInput
        {
            Name = "Le Lieu-Dit", Street = "place Saint-Antoine", PostalCode = "04500", Commune = "Riez",
        }, Provenance.OpenData).Details!;

        var line = LieuxMediationNumerique.Write(Place.Import("regionsud-fabrique-03", details, "anct-1", DateTimeOffset.UnixEpoch));

        Assert.Equal("00000000000000", line[LieuxMediationNumerique.Columns.ToList().IndexOf("pivot")]);
        Assert.Equal("", line[LieuxMediationNumerique.Columns.ToList().IndexOf("code_insee")]);
    }
}

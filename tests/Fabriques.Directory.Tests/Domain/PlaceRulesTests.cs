using Fabriques.Directory.Domain;

namespace Fabriques.Directory.Tests.Domain;

public sealed class PlaceRulesTests
{
    private static readonly PlaceRules Rules = new(new Territories());

    private static readonly PlaceInput Valid = new()
    {
        Name = "La Fabulerie",
        Pivot = "73282932000074",
        Street = "10 boulevard Garibaldi",
        PostalCode = "13001",
        InseeCode = "13055",
        Commune = "Marseille",
    };

    private static IReadOnlyList<FieldError> Errors(PlaceInput input, Provenance provenance = Provenance.Porteur) =>
        Rules.Validate(input, provenance).Errors;

    private static PlaceDetails Details(PlaceInput input, Provenance provenance = Provenance.Porteur) =>
        Rules.Validate(input, provenance).Details ?? throw new InvalidOperationException(string.Join("; ", Errors(input, provenance)));

    private static void AssertBroken(PlaceInput input, PlaceField field, Provenance provenance = Provenance.Porteur)
    {
        var (details, errors) = Rules.Validate(input, provenance);
        Assert.Null(details);
        Assert.Equal([field], errors.Select(e => e.Field).Distinct());
    }

    [Fact]
    public void A_minimal_place_is_valid_and_trimmed()
    {
        var details = Details(Valid with { Name = "  La Fabulerie  " });

        Assert.Equal("La Fabulerie", details.Name);
        Assert.Equal(("13", "93"), (details.Department.Code, details.Department.RegionCode));
        Assert.Empty(details.Kinds);
        Assert.Null(details.Location);
        Assert.Null(details.Territory);
        Assert.Equal(Contact.None, details.Contact);
    }

    [Fact]
    public void Every_broken_rule_is_reported_not_only_the_first()
    {
        var errors = Errors(new PlaceInput { Latitude = 100, Longitude = 200, Email = "x" });

        Assert.Equal(
            [PlaceField.Name, PlaceField.Pivot, PlaceField.Street, PlaceField.PostalCode, PlaceField.InseeCode, PlaceField.Commune,
             PlaceField.Latitude, PlaceField.Longitude, PlaceField.Email],
            errors.Select(e => e.Field).Distinct().Order());
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void A_name_is_required(string? name) => AssertBroken(Valid with { Name = name }, PlaceField.Name);

    [Fact]
    public void Texts_have_a_maximum_length()
    {
        AssertBroken(Valid with { Name = new string('a', PlaceRules.MaxNameLength + 1) }, PlaceField.Name);
        AssertBroken(Valid with { Description = new string('a', PlaceRules.MaxDescriptionLength + 1) }, PlaceField.Description);
        AssertBroken(Valid with { Street = new string('a', PlaceRules.MaxAddressLineLength + 1) }, PlaceField.Street);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("00000000000000")]
    [InlineData("73282932000075")]
    [InlineData("W12")]
    public void A_porteur_gives_a_valid_pivot(string? pivot) => AssertBroken(Valid with { Pivot = pivot }, PlaceField.Pivot);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00000000000000")]
    public void In_open_data_an_absent_or_zero_pivot_is_unknown(string? pivot) =>
        Assert.Null(Details(Valid with { Pivot = pivot }, Provenance.OpenData).Pivot);

    [Fact]
    public void In_open_data_a_pivot_that_is_given_must_still_be_valid() =>
        AssertBroken(Valid with { Pivot = "12345678901234" }, PlaceField.Pivot, Provenance.OpenData);

    [Theory]
    [InlineData("2A004", "2A", "94")]
    [InlineData("2b033", "2B", "94")]
    [InlineData("97411", "974", "04")]
    [InlineData("97101", "971", "01")]
    [InlineData("97608", "976", "06")]
    [InlineData("04070", "04", "93")]
    public void The_departement_and_region_come_from_the_INSEE_code(string insee, string department, string region)
    {
        var details = Details(Valid with { InseeCode = insee });

        Assert.Equal(insee.ToUpperInvariant(), details.Address.InseeCode);
        Assert.Equal((department, region), (details.Department.Code, details.Department.RegionCode));
    }

    [Theory]
    [InlineData("20004")] // no département 20
    [InlineData("96001")] // no département 96
    [InlineData("98000")] // Monaco is not in France
    [InlineData("1305")]
    [InlineData("ABCDE")]
    public void An_INSEE_code_outside_the_referential_is_refused(string insee) =>
        AssertBroken(Valid with { InseeCode = insee }, PlaceField.InseeCode);

    [Fact]
    public void A_porteur_gives_the_INSEE_code() => AssertBroken(Valid with { InseeCode = null }, PlaceField.InseeCode);

    [Theory]
    [InlineData("04350", "04")]
    [InlineData("20000", "2A")] // Ajaccio
    [InlineData("20167", "2A")]
    [InlineData("20200", "2B")] // Bastia
    [InlineData("20600", "2B")]
    [InlineData("97400", "974")]
    [InlineData("84160", "84")]
    public void In_open_data_without_INSEE_code_the_departement_comes_from_the_postal_code(string postalCode, string department)
    {
        var details = Details(Valid with { InseeCode = null, PostalCode = postalCode }, Provenance.OpenData);

        Assert.Null(details.Address.InseeCode);
        Assert.Equal(department, details.Department.Code);
    }

    [Fact]
    public void A_postal_code_of_no_departement_is_refused_when_the_INSEE_code_is_unknown() =>
        AssertBroken(Valid with { InseeCode = null, PostalCode = "98000" }, PlaceField.PostalCode, Provenance.OpenData);

    [Theory]
    [InlineData(null)]
    [InlineData("4000")]
    [InlineData("040000")]
    [InlineData("04 000")]
    public void A_postal_code_has_five_digits(string? postalCode) => AssertBroken(Valid with { PostalCode = postalCode }, PlaceField.PostalCode);

    [Theory]
    [InlineData(43.29, 5.37)]
    [InlineData(-90, -180)]
    [InlineData(90, 180)]
    [InlineData(-21.11, 55.53)] // La Réunion
    public void Coordinates_on_Earth_are_accepted(double latitude, double longitude) =>
        Assert.Equal(new Location(latitude, longitude), Details(Valid with { Latitude = latitude, Longitude = longitude }).Location);

    [Theory]
    [InlineData(90.01, 5, PlaceField.Latitude)]
    [InlineData(-91, 5, PlaceField.Latitude)]
    [InlineData(double.NaN, 5, PlaceField.Latitude)]
    [InlineData(43, 180.5, PlaceField.Longitude)]
    [InlineData(43, double.PositiveInfinity, PlaceField.Longitude)]
    public void Coordinates_off_Earth_are_refused(double latitude, double longitude, PlaceField field) =>
        AssertBroken(Valid with { Latitude = latitude, Longitude = longitude }, field);

    [Fact]
    public void Latitude_and_longitude_go_together()
    {
        AssertBroken(Valid with { Latitude = 43.2 }, PlaceField.Longitude);
        AssertBroken(Valid with { Longitude = 5.3 }, PlaceField.Latitude);
    }

    [Fact]
    public void Kinds_and_roles_come_from_the_lists_without_duplicates()
    {
        var details = Details(Valid with { Kinds = ["fablab", "Coworking", "fablab"], Roles = ["training"] });

        Assert.Equal(["fablab", "coworking"], details.Kinds);
        Assert.Equal(["training"], details.Roles);
        AssertBroken(Valid with { Kinds = ["fablab", "bar"] }, PlaceField.Kinds);
        AssertBroken(Valid with { Kinds = [null] }, PlaceField.Kinds);
        AssertBroken(Valid with { Roles = ["cooking"] }, PlaceField.Roles);
    }

    [Theory]
    [InlineData("QN06801M")]
    [InlineData("qn01306m")]
    [InlineData("QP067001")]
    [InlineData("QN02A01M")]
    public void A_QPV_is_named_by_its_code(string code) =>
        Assert.Equal(new Territory("qpv", code.ToUpperInvariant()), Details(Valid with { TerritoryKind = "qpv", QpvCode = code }).Territory);

    [Fact]
    public void The_QPV_code_is_required_for_a_QPV_and_only_for_it()
    {
        AssertBroken(Valid with { TerritoryKind = "qpv" }, PlaceField.QpvCode);
        AssertBroken(Valid with { TerritoryKind = "qpv", QpvCode = "QX123" }, PlaceField.QpvCode);
        AssertBroken(Valid with { TerritoryKind = "qpv", QpvCode = "QP0670AB" }, PlaceField.QpvCode);
        AssertBroken(Valid with { TerritoryKind = "rural", QpvCode = "QN06801M" }, PlaceField.QpvCode);
        AssertBroken(Valid with { QpvCode = "QN06801M" }, PlaceField.TerritoryKind);
        AssertBroken(Valid with { TerritoryKind = "suburb" }, PlaceField.TerritoryKind);
        Assert.Equal(new Territory("rural", null), Details(Valid with { TerritoryKind = "rural" }).Territory);
    }

    [Theory]
    [InlineData("contact@exemple.fr")]
    [InlineData("prénom.nom+tag@sous.domaine.gouv.fr")]
    public void A_valid_email_is_accepted(string email) => Assert.Equal(email, Details(Valid with { Email = email }).Contact.Email);

    [Theory]
    [InlineData("contact")]
    [InlineData("contact@exemple")]
    [InlineData("con tact@exemple.fr")]
    [InlineData("@exemple.fr")]
    public void An_invalid_email_is_refused(string email) => AssertBroken(Valid with { Email = email }, PlaceField.Email);

    [Theory]
    [InlineData("04 92 31 00 00", "+33492310000")]
    [InlineData("04.92.31.00.00", "+33492310000")]
    [InlineData("+33 4 92 31 00 00", "+33492310000")]
    [InlineData("0033492310000", "+33492310000")]
    [InlineData("+262262000000", "+262262000000")]
    public void A_phone_number_is_stored_in_international_form(string phone, string normalized) =>
        Assert.Equal(normalized, Details(Valid with { Phone = phone }).Contact.Phone);

    [Theory]
    [InlineData("97411", "97400", "0262 12 34 56", "+262262123456")] // La Réunion
    [InlineData("97411", "97400", "0692 12 34 56", "+262692123456")]
    [InlineData("97611", "97600", "0269 61 12 34", "+262269611234")] // Mayotte
    [InlineData("97105", "97100", "0590 81 12 34", "+590590811234")] // Guadeloupe
    [InlineData("97209", "97200", "0596 71 12 34", "+596596711234")] // Martinique
    [InlineData("97302", "97300", "0594 29 12 34", "+594594291234")] // Guyane
    [InlineData("13055", "13001", "04 91 00 00 00", "+33491000000")]
    public void An_overseas_number_gets_the_country_code_of_its_departement(string insee, string postalCode, string phone, string normalized) =>
        Assert.Equal(normalized, Details(Valid with { InseeCode = insee, PostalCode = postalCode, Phone = phone }).Contact.Phone);

    [Theory]
    [InlineData("12")]
    [InlineData("04 92 31")]
    [InlineData("numéro")]
    public void An_invalid_phone_number_is_refused(string phone) => AssertBroken(Valid with { Phone = phone }, PlaceField.Phone);

    [Theory]
    [InlineData("https://www.lafruitierenumerique.com/")]
    [InlineData("http://www.diniapolis.fr")]
    public void A_website_is_an_http_url(string website) => Assert.Equal(website, Details(Valid with { Website = website }).Contact.Website);

    [Theory]
    [InlineData("www.exemple.fr")]
    [InlineData("ftp://exemple.fr")]
    [InlineData("https://localhost")]
    [InlineData("https://exemple .fr")]
    public void Anything_else_is_not_a_website(string website) => AssertBroken(Valid with { Website = website }, PlaceField.Website);
}

using Fabriques.Notification.Domain;

namespace Fabriques.Notification.Tests.Domain;

public sealed class TemplateTextTests
{
    private static string Upper(string value) => value.ToUpperInvariant();

    [Fact]
    public void Values_are_inserted_through_the_encoder()
    {
        var text = TemplateText.Render("Bonjour {{name}} !", new Dictionary<string, object?> { ["name"] = "camille" }, Upper);

        Assert.Equal("Bonjour CAMILLE !", text);
    }

    [Fact]
    public void A_list_section_repeats_for_each_row_and_rows_see_outer_values()
    {
        var model = new Dictionary<string, object?>
        {
            ["unit"] = "€",
            ["rows"] = new List<IReadOnlyDictionary<string, object?>>
            {
                new Dictionary<string, object?> { ["year"] = "1", ["amount"] = "100" },
                new Dictionary<string, object?> { ["year"] = "2", ["amount"] = "50" },
            },
        };

        var text = TemplateText.Render("{{#rows}}[{{year}}: {{amount}} {{unit}}]{{/rows}}", model, v => v);

        Assert.Equal("[1: 100 €][2: 50 €]", text);
    }

    [Theory]
    [InlineData("avis", "Avis : avis.")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void A_text_section_shows_only_when_the_text_is_there(string? motivation, string expected)
    {
        var text = TemplateText.Render("{{#motivation}}Avis : {{motivation}}.{{/motivation}}",
            new Dictionary<string, object?> { ["motivation"] = motivation }, v => v);

        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("Budget {{x}} à préciser")]
    [InlineData("{{#motivation}}boucle{{/motivation}}")]
    [InlineData("{{name}}")]
    public void A_value_is_inserted_as_it_is_never_read_as_a_template(string motivation)
    {
        var text = TemplateText.Render("{{#motivation}}Avis de {{name}} : {{motivation}}.{{/motivation}} Fin {{motivation}}",
            new Dictionary<string, object?> { ["motivation"] = motivation, ["name"] = "Camille" }, v => v);

        Assert.Equal($"Avis de Camille : {motivation}. Fin {motivation}", text);
    }

    [Fact]
    public void A_name_the_model_lacks_is_an_error_rather_than_a_hole()
    {
        var error = Assert.Throws<KeyNotFoundException>(() =>
            TemplateText.Render("Bonjour {{nom}}", new Dictionary<string, object?> { ["name"] = "Camille" }, v => v));

        Assert.Contains("{{nom}}", error.Message, StringComparison.Ordinal);
    }
}

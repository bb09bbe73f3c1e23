using CsCheck;
using Fabriques.Directory.Domain;

namespace Fabriques.Directory.Tests.Domain;

public sealed class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"https://piege.example\",\"Cliquez\")")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("+SUM(A1)")]
    [InlineData("-2+3+cmd|' /C calc'!A0")]
    [InlineData("\tindent")]
    [InlineData("\r=1+1")]
    [InlineData("-")]
    [InlineData("'=1+1")]
    public void A_cell_a_spreadsheet_would_run_is_written_after_an_apostrophe(string value)
    {
        Assert.Equal("'" + value, SpreadsheetText.Neutralise(value));
    }

    [Theory]
    [InlineData("La Fabulerie")]
    [InlineData("+33491000000")]
    [InlineData("-5.3698")]
    [InlineData("43,2965")]
    [InlineData("'Lab")]
    [InlineData("l'atelier = lieu")]
    [InlineData("")]
    public void Other_text_is_written_as_it_is(string value)
    {
        Assert.Equal(value, SpreadsheetText.Neutralise(value));
    }

    [Fact]
    public void Restoring_an_exported_cell_gives_back_the_value_whatever_it_was()
    {
        Gen.String[Gen.Char["=@+-\t\r'0123456789.,aZ "], 0, 8]
            .Sample(value => Assert.Equal(value, SpreadsheetText.Restore(SpreadsheetText.Neutralise(value))), iter: 20_000);
    }
}

using Fabriques.Contracts.Places;

namespace Fabriques.Directory.Tests.Domain;

public sealed class PivotTests
{
    [Theory]
    [InlineData("73282932000074", "73282932000074")] // Luhn key valid
    [InlineData("43493312300029", "43493312300029")]
    [InlineData("732 829 320 00074", "73282932000074")] // as printed on documents
    [InlineData("35600000049837", "35600000049837")] // La Poste: Luhn invalid, digit sum 45 divisible by 5
    [InlineData("W751234567", "W751234567")] // RNA
    [InlineData("w751234567", "W751234567")]
    public void A_valid_SIRET_or_RNA_is_accepted(string value, string normalized)
    {
        Assert.True(Pivot.TryParse(value, out var pivot));
        Assert.Equal(normalized, pivot.Value);
    }

    [Theory]
    [InlineData("73282932000075")] // wrong Luhn key
    [InlineData("35600000000048")] // La Poste: Luhn valid, but digit sum 26 not divisible by 5
    [InlineData("7328293200007")] // 13 digits
    [InlineData("732829320000741")] // 15 digits
    [InlineData("7328293200007A")]
    [InlineData("00000000000000")] // open data's "unknown"
    [InlineData("W75123456")] // RNA with 8 digits
    [InlineData("W7512345678")]
    [InlineData("X751234567")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? value) => Assert.False(Pivot.TryParse(value, out _));
}

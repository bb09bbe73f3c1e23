using Fabriques.Contracts.Places;

namespace Fabriques.Directory.Tests.Domain;

public sealed class CommuneCodeTests
{
    [Theory]
    [InlineData("13055", "13")]
    [InlineData("01053", "01")]
    [InlineData("2A004", "2A")]
    [InlineData("2b033", "2B")]
    [InlineData("97411", "974")]
    [InlineData("97608", "976")]
    [InlineData(" 75056 ", "75")]
    public void A_valid_code_gives_its_departement(string value, string department)
    {
        Assert.True(CommuneCode.TryParse(value, out var code));
        Assert.Equal(department, code.DepartmentCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1305")]
    [InlineData("130555")]
    [InlineData("20004")]
    [InlineData("2C004")]
    [InlineData("2A04X")]
    [InlineData("ABCDE")]
    [InlineData("13 55")]
    public void An_invalid_code_is_refused(string? value) => Assert.False(CommuneCode.TryParse(value, out _));
}

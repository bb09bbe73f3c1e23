using Fabriques.Contracts.Places;

namespace Fabriques.Directory.Tests.Domain;

/// <summary>The one QPV-code rule the directory and the candidature service share (Contracts).</summary>
public sealed class QpvCodeTests
{
    [Theory]
    [InlineData("QP067001", "QP067001")]
    [InlineData("QN06801M", "QN06801M")]
    [InlineData("QP02A001", "QP02A001")]
    [InlineData("QN97101A", "QN97101A")]
    [InlineData(" qn01306m ", "QN01306M")]
    public void Codes_of_both_geographies_are_valid(string value, string normalized)
    {
        Assert.True(QpvCode.TryParse(value, out var code));
        Assert.Equal(normalized, code.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("QP0670AB")] // 2015 form with letters where its 3 digits go
    [InlineData("QN068011")] // 2024 form without its letter
    [InlineData("QP06701M")] // a 2024 number under the 2015 prefix
    [InlineData("QX067001")]
    [InlineData("QP02C001")]
    [InlineData("QN068")]
    public void Anything_else_is_refused(string? value) => Assert.False(QpvCode.IsValid(value));
}

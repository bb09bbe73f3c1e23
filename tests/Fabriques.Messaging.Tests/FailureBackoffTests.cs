using Fabriques.Messaging.Background;

namespace Fabriques.Messaging.Tests;

/// <summary>A background worker that keeps failing comes back quickly after a blip and slowly through an outage.</summary>
public sealed class FailureBackoffTests
{
    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 1_000)]
    [InlineData(5, 8_000)]
    [InlineData(6, 10_000)]
    [InlineData(1_000, 10_000)]
    public void Each_failure_in_a_row_doubles_the_pause_up_to_the_limit(int failures, int pauseMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(pauseMilliseconds), FailureBackoff.After(failures, TimeSpan.FromSeconds(10)));
}

namespace Fabriques.Notification.Domain;

/// <summary>
/// Exponential backoff: after the n-th failed attempt, wait <see cref="Initial"/> × 2^(n-1), at most
/// <see cref="Max"/>; give up once the next attempt would fall more than <see cref="GiveUpAfter"/> after the first.
/// </summary>
public sealed record RetrySchedule(TimeSpan Initial, TimeSpan Max, TimeSpan GiveUpAfter)
{
    /// <summary>When to try again after <paramref name="failedAttempts"/> failures, or null to give up.</summary>
    public DateTimeOffset? NextAttempt(int failedAttempts, DateTimeOffset firstAttemptAt, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        // Capping the exponent keeps the multiplication finite; the delay is capped by Max anyway.
        var delay = Initial * Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var next = now + (delay < Max ? delay : Max);
        return next - firstAttemptAt > GiveUpAfter ? null : next;
    }
}

/// <summary>Configuration of a <see cref="RetrySchedule"/>.</summary>
public sealed class RetryOptions
{
    public TimeSpan Initial { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan Max { get; set; } = TimeSpan.FromHours(12);
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);

    public RetrySchedule ToSchedule() => new(Initial, Max, GiveUpAfter);
}

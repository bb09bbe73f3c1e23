namespace Fabriques.Messaging.Background;

/// <summary>
/// How long a background worker pauses after failing <c>failures</c> times in a row: 0.5 s, doubling, at most
/// <c>max</c>. A blip costs half a second; a long outage is retried every <c>max</c>, not hammered.
/// </summary>
public static class FailureBackoff
{
    public static TimeSpan After(int failures, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, 250 * Math.Pow(2, Math.Clamp(failures, 1, 16))));
}

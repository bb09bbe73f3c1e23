namespace Fabriques.Candidature.Features;

/// <summary>Configuration section <c>WaveAnnouncements</c>.</summary>
public sealed class WaveAnnouncementOptions
{
    public const string SectionName = "WaveAnnouncements";

    /// <summary>
    /// How often the announcer reads the schedule when nothing woke it: only a safety net for waves another replica
    /// scheduled (it announces them itself unless it stopped), so it is long, to cost nothing while idle. Also the pause
    /// after a failure.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
}

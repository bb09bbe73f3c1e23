using Fabriques.ServiceDefaults;
using Fabriques.Testing;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// An operator who opens the dashboard after a healthy start sees no red: nothing the processes logged while the
/// platform started calls for action, so the first Warning or Error they see is a real one.
/// </summary>
public sealed class CleanStartTests(Platform platform)
{
    private static readonly string[] Processes =
        [ResourceNames.Directory, ResourceNames.Candidature, ResourceNames.Grants, ResourceNames.Notification, ResourceNames.Gateway];

    [Fact]
    public async Task A_fresh_start_logs_no_warning_and_no_error()
    {
        // Everything logged before the platform was ready has reached the receiver once each process exported again.
        var flushed = platform.ReadyAt + TelemetryCollector.ExportInterval;
        await Eventually.SucceedsAsync(() => Task.FromResult(platform.Telemetry.NotExportedSince(flushed, Processes).Count == 0),
            TimeSpan.FromSeconds(60), "every process did not export its telemetry after the start");

        var start = platform.Telemetry.Logs.Where(log => log.At <= platform.ReadyAt).ToList();
        var alarming = start.Where(log => log.Severity >= LogSeverity.Warning).OrderBy(log => log.At).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Fresh start: {start.Count} log records, {alarming.Count(l => l.Severity >= LogSeverity.Error)} Error or Critical, " +
            $"{alarming.Count(l => l.Severity == LogSeverity.Warning)} Warning, from {string.Join(", ", start.Select(l => l.Service).Distinct())}");
        Assert.True(start.Count > 0, "No log record of the start reached the receiver: the test would see no warning whatever was logged.");
        Assert.True(alarming.Count == 0,
            $"A fresh start logged {alarming.Count} Warning/Error record(s):{Environment.NewLine}{string.Join(Environment.NewLine, alarming)}");
    }
}

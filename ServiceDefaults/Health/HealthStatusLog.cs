using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Fabriques.ServiceDefaults.Health;

/// <summary>
/// One log line when a readiness check changes state, instead of the framework's line on every probe (an Error each
/// time a probe finds a check Unhealthy, a Warning each time it finds one Degraded). While the process starts, a
/// dependency not answering yet is expected: Information. Past <see cref="StartGrace"/>, or once it was Healthy, a
/// check that is not Healthy is a Warning, written once until it changes again.
/// </summary>
internal sealed partial class HealthStatusLog(ILogger<HealthStatusLog> logger, TimeProvider time) : IHealthCheckPublisher
{
    /// <summary>The framework's category that logs every check of every probe.</summary>
    public const string FrameworkCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(1);

    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private readonly ConcurrentDictionary<string, (HealthStatus Status, bool WasHealthy, bool Warned)> _checks = new();

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        var starting = time.GetUtcNow() - _startedAt < StartGrace;
        foreach (var (name, entry) in report.Entries)
        {
            var known = _checks.TryGetValue(name, out var last);
            var wasHealthy = known && last.WasHealthy;
            if (entry.Status == HealthStatus.Healthy)
            {
                if (known && last.Warned)
                {
                    LogHealthyAgain(logger, name);
                }
                else if (!wasHealthy)
                {
                    LogReady(logger, name);
                }
                _checks[name] = (HealthStatus.Healthy, true, false);
                continue;
            }

            var changed = !known || last.Status != entry.Status;
            if (starting && !wasHealthy)
            {
                if (changed)
                {
                    LogNotReadyYet(logger, name, entry.Status, entry.Description);
                }
                _checks[name] = (entry.Status, false, false);
            }
            else if (changed || !last.Warned)
            {
                LogNotHealthy(logger, entry.Exception, name, entry.Status, entry.Description);
                _checks[name] = (entry.Status, wasHealthy, true);
            }
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Readiness check {Check} is Healthy")]
    private static partial void LogReady(ILogger logger, string check);

    [LoggerMessage(Level = LogLevel.Information, Message = "Readiness check {Check} is {Status} while the service starts: {Description}")]
    private static partial void LogNotReadyYet(ILogger logger, string check, HealthStatus status, string? description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check {Check} is {Status}: {Description}")]
    private static partial void LogNotHealthy(ILogger logger, Exception? exception, string check, HealthStatus status, string? description);

    [LoggerMessage(Level = LogLevel.Information, Message = "Readiness check {Check} is Healthy again")]
    private static partial void LogHealthyAgain(ILogger logger, string check);
}

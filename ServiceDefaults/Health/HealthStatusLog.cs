using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fabriques.ServiceDefaults.Health;

/// <summary>
/// One log line when a readiness check changes state, instead of the framework's line on every probe (an Error each
/// time a probe finds a check Unhealthy, a Warning each time it finds one Degraded). While the process starts — until
/// <see cref="StartGrace"/> after the host has started, however long its start took — a dependency not answering yet
/// is expected: Information. After that, or once it was Healthy, a check that is not Healthy is a Warning, written
/// once until it changes again.
/// </summary>
internal sealed partial class HealthStatusLog : IHealthCheckPublisher
{
    /// <summary>The framework's category that logs every check of every probe.</summary>
    public const string FrameworkCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(1);

    private readonly ILogger<HealthStatusLog> _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (HealthStatus Status, bool WasHealthy, bool Warned)> _checks = new();
    /// <summary>UTC ticks of the host's start; 0 while it starts.</summary>
    private long _hostStartedAtTicks;

    public HealthStatusLog(ILogger<HealthStatusLog> logger, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        _logger = logger;
        _time = time;
        lifetime.ApplicationStarted.Register(() => Volatile.Write(ref _hostStartedAtTicks, time.GetUtcNow().UtcTicks));
    }

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        var started = Volatile.Read(ref _hostStartedAtTicks);
        var starting = started == 0 || _time.GetUtcNow().UtcTicks - started < StartGrace.Ticks;
        var logger = _logger;
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

using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Fabriques.Messaging.Health;

/// <summary>
/// Readiness check <c>outbox</c>: Degraded when the oldest event not yet published is older than
/// <see cref="MessagingOptions.OutboxLagDegradedAfter"/> (broker down, relay stuck). The service still answers, but
/// what it decides reaches the other services late. Reads the backlog the relay samples on each batch: no query of its own.
/// </summary>
public sealed class OutboxHealthCheck(MessagingMetrics metrics, IOptionsMonitor<MessagingOptions> options) : IHealthCheck
{
    public const string Name = "outbox";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var threshold = options.CurrentValue.OutboxLagDegradedAfter;
        var age = metrics.OldestPendingAge;
        var data = new Dictionary<string, object>
        {
            ["pending"] = metrics.Pending,
            ["oldestPendingAgeSeconds"] = Math.Round(age.TotalSeconds, 1),
        };
        return Task.FromResult(age > threshold
            ? HealthCheckResult.Degraded(
                $"{metrics.Pending} event(s) waiting to be published, the oldest for {Format(age)} (threshold {Format(threshold)}).",
                data: data)
            : HealthCheckResult.Healthy($"{metrics.Pending} event(s) waiting to be published.", data));
    }

    private static string Format(TimeSpan duration) => duration.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
}

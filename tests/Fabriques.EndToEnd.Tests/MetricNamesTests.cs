using System.Text.RegularExpressions;
using Fabriques.Testing;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// The alerting rules and the Grafana dashboard of <c>deploy/observability</c> name metrics as Prometheus sees them
/// through the OpenTelemetry Collector; an alert on a name nobody emits never fires. Every name they use must be one
/// the services really export, translated as the collector's Prometheus exporter does.
/// </summary>
public sealed partial class MetricNamesTests(Platform platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Every_metric_the_alerts_and_the_dashboard_use_is_exported_by_a_service()
    {
        var used = UsedMetricNames();
        Assert.NotEmpty(used);

        // The counters exist once something was counted: an e-mail and a webhook delivery, caused as a user would.
        var (gestionnaire, porteur, _) = await SelectionFlowTests.SignInAsync(platform, "metric-names");
        var partenaire = await GatewayClient.SignInAsync(platform.Gateway, "partenaire-metric-names", "partenaire");
        await using var receiver = await PartnerReceiver.StartAsync();
        await partenaire.JsonAsync(HttpMethod.Post, "/api/notifications/subscriptions",
            new { url = receiver.Url, eventTypes = new[] { "fr.anct.fabriques.candidature.submitted" }, description = "Noms des métriques" });
        await SelectionFlowTests.ApplyAsync(gestionnaire, porteur, "La Fabrique mesurée de Manosque");

        string[] missing = [];
        try
        {
            await Eventually.SucceedsAsync(() =>
            {
                var exported = platform.Telemetry.Metrics.SelectMany(PrometheusNames).ToHashSet();
                missing = [.. used.Where(name => !exported.Contains(name))];
                return Task.FromResult(missing.Length == 0);
            }, Patience, "some metrics were not exported");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"deploy/observability uses metrics no service exports: {string.Join(", ", missing)}. Exported: "
                        + string.Join(", ", platform.Telemetry.Metrics.SelectMany(PrometheusNames).Distinct().Order()));
        }
    }

    /// <summary>
    /// The names a metric has in Prometheus behind the collector's exporter: dots to underscores, the unit appended
    /// (curly-brace units dropped), <c>_total</c> for counters, the three series of a histogram.
    /// </summary>
    internal static IEnumerable<string> PrometheusNames(ExportedMetric metric)
    {
        var name = metric.Name.Replace('.', '_');
        var unit = metric.Unit switch
        {
            "" or "1" => "",
            _ when metric.Unit.StartsWith('{') => "",
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ => metric.Unit,
        };
        if (unit.Length > 0 && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }
        return metric.Kind switch
        {
            MetricKind.Counter => [name + "_total"],
            MetricKind.Histogram => [name + "_bucket", name + "_count", name + "_sum"],
            _ => [name],
        };
    }

    private static IReadOnlySet<string> UsedMetricNames()
    {
        var directory = Path.Combine(AuthorizationMatrix.RepositoryRoot(), "deploy", "observability");
        var text = File.ReadAllText(Path.Combine(directory, "alerts.rules.yml")) + File.ReadAllText(Path.Combine(directory, "grafana-dashboard.json"));
        return MetricName().Matches(text).Select(m => m.Value).ToHashSet();
    }

    /// <summary>A metric name in a PromQL expression: not a label name (followed by a matcher).</summary>
    [GeneratedRegex(@"\b(fabriques|http_server|http_client)_[a-zA-Z0-9_]+\b(?!\s*(=|!=|=~|!~))", RegexOptions.CultureInvariant)]
    private static partial Regex MetricName();
}

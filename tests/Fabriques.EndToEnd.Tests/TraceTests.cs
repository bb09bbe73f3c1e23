using System.Diagnostics;
using Fabriques.Testing;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// An operator opens ONE trace for a business flow and sees every hop of it, the outbox and the background senders
/// included: the spans each process exported, read from the platform's OTLP receiver.
/// </summary>
[Collection(SelectionFlowCollection.Name)]
public sealed class TraceTests(Platform platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Each hop of an accepted decision, as a reader of the trace names it, and how to recognise its span.</summary>
    private static readonly (string Hop, Func<ExportedSpan, bool> Is)[] DecisionHops =
    [
        ("gateway server span", s => Of(s, "gateway") && s.Kind == SpanKind.Server),
        ("candidature server span", s => Of(s, "candidature") && s.Kind == SpanKind.Server),
        ("candidature outbox publish", s => Of(s, "candidature") && s.Name.StartsWith("outbox publish", StringComparison.Ordinal)),
        ("grants consume", s => Of(s, "grants") && s.Kind == SpanKind.Consumer),
        ("grants outbox publish", s => Of(s, "grants") && s.Name.StartsWith("outbox publish", StringComparison.Ordinal)),
        ("directory consume", s => Of(s, "directory") && s.Kind == SpanKind.Consumer),
        ("directory outbox publish", s => Of(s, "directory") && s.Name.StartsWith("outbox publish", StringComparison.Ordinal)),
        ("notification consume", s => Of(s, "notification") && s.Kind == SpanKind.Consumer),
        ("smtp send", s => Of(s, "notification") && s.Name == "smtp send"),
        ("webhook deliver", s => Of(s, "notification") && s.Name == "webhook deliver"),
        ("webhook HTTP client span", s => Of(s, "notification") && s.Kind == SpanKind.Client
                                          && s.Attributes.GetValueOrDefault("url.full", "").EndsWith("/hook", StringComparison.Ordinal)),
    ];

    [Fact]
    public async Task An_accepted_decision_is_one_trace_from_the_gateway_to_the_e_mail_and_the_partner_webhook()
    {
        var (gestionnaire, porteur, instructeur) = await SelectionFlowTests.SignInAsync(platform, "traced");
        var partenaire = await GatewayClient.SignInAsync(platform.Gateway, "partenaire-traced", "partenaire");
        await using var receiver = await PartnerReceiver.StartAsync();
        await partenaire.JsonAsync(HttpMethod.Post, "/api/notifications/subscriptions",
            new { url = receiver.Url, eventTypes = new[] { "fr.anct.fabriques.place.labelled" }, description = "Trace de bout en bout" });
        var (placeId, candidature) = await SelectionFlowTests.ApplyAsync(gestionnaire, porteur, "La Fabrique tracée de Digne");
        await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/review");

        // The frontend starts the trace: its traceparent is what an operator would search for.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var decision = instructeur.Request(HttpMethod.Post, $"{candidature}/decision",
            new { decision = "accepted", motivation = "Projet solide, à suivre de bout en bout.", score = 90 });
        decision.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var decided = await instructeur.SendAsync(decision);
        decided.EnsureSuccessStatusCode();
        await Eventually.SucceedsAsync(() => Task.FromResult(receiver.Received.Any(body => body.Contains(placeId, StringComparison.Ordinal))),
            Patience, "the partner's webhook of the labelled place did not arrive");

        string[] missing = [];
        try
        {
            await Eventually.SucceedsAsync(() =>
            {
                var trace = platform.Telemetry.Trace(traceId);
                missing = DecisionHops.Where(h => !trace.Any(h.Is)).Select(h => h.Hop).ToArray();
                return Task.FromResult(missing.Length == 0);
            }, Patience, "the decision's trace is incomplete");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The decision's trace {traceId} lacks: {string.Join(", ", missing)}. It has: {Describe(traceId)}");
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"Trace {traceId}: {Describe(traceId)}");
    }

    private string Describe(string traceId) =>
        string.Join("; ", platform.Telemetry.Trace(traceId).Select(s => s.ToString()).Distinct());

    private static bool Of(ExportedSpan span, string service) => span.Service.Contains(service, StringComparison.OrdinalIgnoreCase);
}

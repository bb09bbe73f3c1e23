using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Fabriques.ServiceDefaults;
using Fabriques.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// What an operator does to a running platform — stopping and starting its processes — and what must survive it. These
/// tests stop shared processes (the SMTP server, notification, grants, the gateway), so they run alone.
/// </summary>
[Collection(Name)]
public sealed class RestartTests(Platform platform)
{
    public const string Name = "Restarts";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task An_e_mail_sent_by_a_restarted_notification_service_continues_the_trace_of_its_event()
    {
        var (gestionnaire, porteur, _) = await SelectionFlowTests.SignInAsync(platform, "restart-mail");
        // The e-mail is written when the event is consumed, but cannot be sent: the SMTP server is down.
        await ExecuteAsync(ResourceNames.Smtp, KnownResourceCommands.StopCommand);
        await Eventually.SucceedsAsync(async () => !await SmtpAnswersAsync(), Patience, "the SMTP server still answers after its stop");
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        await SelectionFlowTests.ApplyAsync(gestionnaire, porteur, "La Fabrique relancée de Sisteron",
            $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        await Eventually.SucceedsAsync(async () => (await SubmittedEmailAsync(porteur)) is { } email
                                                   && email.GetProperty("attempts").GetInt32() >= 1,
            Patience, "the e-mail of the submission was not written and tried");
        Assert.Equal("pending", (await SubmittedEmailAsync(porteur))?.GetProperty("status").GetString());

        // Another process sends it: what the first one knew in memory is gone.
        await ExecuteAsync(ResourceNames.Notification, KnownResourceCommands.StopCommand);
        await ExecuteAsync(ResourceNames.Smtp, KnownResourceCommands.StartCommand);
        await ExecuteAsync(ResourceNames.Notification, KnownResourceCommands.StartCommand);
        await WaitForHealthAsync(ResourceNames.Notification, HealthStatus.Healthy);

        // Its next attempt comes after the retry delay (Platform.EmailRetry here).
        await Eventually.SucceedsAsync(async () => (await SubmittedEmailAsync(porteur))?.GetProperty("status").GetString() == "sent",
            Patience, "the e-mail was not sent after the restart");
        await Eventually.SucceedsAsync(() => Task.FromResult(platform.Telemetry.Trace(traceId).Any(IsSendAfterRestart)),
            TimeSpan.FromSeconds(30),
            $"the e-mail's second attempt is not in the submission's trace {traceId}: {string.Join("; ", platform.Telemetry.Trace(traceId))}; "
            + $"its SMTP spans: {string.Join("; ", platform.Telemetry.Spans("smtp send").Select(s => $"{s.TraceId} {string.Join(',', s.Attributes)}"))}");
    }

    [Fact]
    public async Task A_service_degraded_by_an_outbox_backlog_at_start_does_not_keep_the_gateway_from_starting()
    {
        // An event of grants that waits for two hours and cannot be published while this test holds its row.
        var connectionString = await platform.App.GetConnectionStringAsync(ResourceNames.GrantsDb, TestContext.Current.CancellationToken);
        await using var database = new NpgsqlConnection(connectionString);
        await database.OpenAsync(TestContext.Current.CancellationToken);
        var eventId = Guid.NewGuid();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO messaging.outbox_messages (event_id, type, aggregate_id, payload, occurred_at, created_at, attempts)
            VALUES (@event, 'fr.anct.fabriques.backlog-of-a-test', @event, '{}', now() - interval '2 hours', now() - interval '2 hours', 0)
            """, database))
        {
            insert.Parameters.AddWithValue("event", eventId);
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        await using var hold = await database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var lockRow = new NpgsqlCommand("SELECT id FROM messaging.outbox_messages WHERE event_id = @event FOR UPDATE", database, hold))
        {
            lockRow.Parameters.AddWithValue("event", eventId);
            await lockRow.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }

        try
        {
            await ExecuteAsync(ResourceNames.Gateway, KnownResourceCommands.StopCommand);
            await ExecuteAsync(ResourceNames.Grants, KnownResourceCommands.RestartCommand);
            var grants = await WaitForHealthAsync(ResourceNames.Grants, HealthStatus.Degraded);
            // The dashboard says why: the readiness report names the check.
            Assert.Contains(grants.Snapshot.HealthReports, report => report.Description?.Contains("outbox: Degraded", StringComparison.Ordinal) == true);
            await ExecuteAsync(ResourceNames.Gateway, KnownResourceCommands.StartCommand);

            var gateway = await WaitForHealthAsync(ResourceNames.Gateway, HealthStatus.Degraded);
            Assert.Equal(KnownResourceStates.Running, gateway.Snapshot.State?.Text);
            var programme = await (await GatewayClient.SignInAsync(platform.Gateway, "anct-backlog", "gestionnaire"))
                .JsonAsync(HttpMethod.Get, "/api/grants/programme");
            Assert.True(programme.TryGetProperty("envelope", out _), "the gateway did not route to the degraded service");
        }
        finally
        {
            await using (var delete = new NpgsqlCommand("DELETE FROM messaging.outbox_messages WHERE event_id = @event", database, hold))
            {
                delete.Parameters.AddWithValue("event", eventId);
                await delete.ExecuteNonQueryAsync(CancellationToken.None);
            }
            await hold.CommitAsync(CancellationToken.None);
            await WaitForHealthAsync(ResourceNames.Gateway, HealthStatus.Healthy);
            await WaitUntilServicesTrustTheRestartedIssuerAsync();
        }
    }

    [Fact]
    public async Task A_reopening_while_grants_is_stopped_is_compensated_once_grants_is_back_and_nothing_is_done_twice()
    {
        var (gestionnaire, porteur, instructeur, placeId, candidature) =
            await ProgrammeConsistencyTests.AcceptedAsync(platform, "reopen-grants-down", "La Fabrique de Forcalquier");
        var first = await ProgrammeConsistencyTests.GrantOfPlaceAsync(gestionnaire, placeId, "active");
        await ProgrammeConsistencyTests.LabelAsync(porteur, placeId, first);

        // On a loaded machine the command may report a failure while the process is still stopping: what counts is
        // that it stops.
        await platform.App.ResourceCommands.ExecuteCommandAsync(ResourceNames.Grants, KnownResourceCommands.StopCommand, TestContext.Current.CancellationToken);
        await WaitForStateAsync(ResourceNames.Grants, KnownResourceStates.Exited, KnownResourceStates.Finished);
        try
        {
            // Candidature decides alone; the compensation waits in the grants service's queue meanwhile.
            var reopened = await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/reopen", new { motivation = "Le budget doit être revu." });
            Assert.Equal("under-review", reopened.GetProperty("state").GetString());
            await ProgrammeConsistencyTests.LabelAsync(porteur, placeId, first);
        }
        finally
        {
            await ExecuteAsync(ResourceNames.Grants, KnownResourceCommands.StartCommand);
            await WaitForHealthAsync(ResourceNames.Grants, HealthStatus.Healthy);
        }

        Assert.Equal(first, await ProgrammeConsistencyTests.GrantOfPlaceAsync(gestionnaire, placeId, "cancelled"));
        var cancelled = await gestionnaire.JsonAsync(HttpMethod.Get, $"/api/grants/{first}");
        var released = Assert.Single(cancelled.GetProperty("ledger").EnumerateArray(), e => e.GetProperty("kind").GetString() == "released");
        Assert.Equal(cancelled.GetProperty("total").GetDecimal(), released.GetProperty("amount").GetDecimal());
        Assert.Equal(0m, cancelled.GetProperty("committed").GetDecimal());
        await Eventually.SucceedsAsync(async () => await ProgrammeConsistencyTests.LabelsAsync(porteur, placeId) is [], Patience,
            "the label of the grant cancelled after the restart stayed");
        await Eventually.SucceedsAsync(async () =>
        {
            var read = await instructeur.JsonAsync(HttpMethod.Get, candidature);
            return read.GetProperty("grant") is { ValueKind: System.Text.Json.JsonValueKind.Object } g
                   && g.GetProperty("id").GetString() == first && g.GetProperty("state").GetString() == "cancelled";
        }, Patience, "the candidature does not show that its grant was cancelled");

        await instructeur.JsonAsync(HttpMethod.Post, $"{candidature}/decision", new { decision = "accepted", score = 81 });
        var second = await ProgrammeConsistencyTests.GrantOfPlaceAsync(gestionnaire, placeId, "active");
        await ProgrammeConsistencyTests.LabelAsync(porteur, placeId, second);
        await ProgrammeConsistencyTests.NoViolationAboutAsync(gestionnaire, candidature, placeId);

        // Nothing twice: two grants for the place (the cancelled one and the new one), one label, one e-mail per step.
        var grants = (await gestionnaire.JsonAsync(HttpMethod.Get, "/api/grants?pageSize=200")).GetProperty("items").EnumerateArray()
            .Where(g => g.GetProperty("placeId").GetString() == placeId)
            .Select(g => (g.GetProperty("id").GetString(), g.GetProperty("state").GetString())).ToHashSet();
        Assert.Equal([(first, "cancelled"), (second, "active")], grants);
        Assert.Single(await ProgrammeConsistencyTests.LabelsAsync(porteur, placeId));
        var expected = new Dictionary<string, int>
        {
            ["candidature-accepted"] = 2, ["grant-awarded"] = 2, ["candidature-reopened"] = 1, ["grant-cancelled"] = 1,
        };
        var sent = await Eventually.ReturnsAsync(async () =>
        {
            var templates = (await porteur.JsonAsync(HttpMethod.Get, "/api/notifications?pageSize=200")).GetProperty("items").EnumerateArray()
                .Select(e => e.GetProperty("template").GetString()!).ToList();
            return expected.All(e => templates.Count(t => t == e.Key) >= e.Value) ? templates : null;
        }, Patience, "the porteur was not told of every step");
        Assert.Equal(expected, expected.Keys.ToDictionary(template => template, template => sent.Count(t => t == template)));
    }

    /// <summary>
    /// The restarted gateway signs with a new development key: a service fetches its JWKS again on the first token it
    /// cannot verify (that request is a 401), so the next tests wait until every service accepts the new tokens.
    /// </summary>
    private async Task WaitUntilServicesTrustTheRestartedIssuerAsync()
    {
        var gestionnaire = await GatewayClient.SignInAsync(platform.Gateway, "anct-after-restart", "gestionnaire");
        foreach (var path in new[] { "/api/directory/operations/dead-letters", "/api/candidatures", "/api/grants", "/api/notifications" })
        {
            await Eventually.SucceedsAsync(async () =>
            {
                using var response = await gestionnaire.SendAsync(HttpMethod.Get, path);
                return response.IsSuccessStatusCode;
            }, Patience, $"GET {path} still refuses the restarted gateway's tokens");
        }
    }

    // The e-mail was pending while the SMTP server was down (asserted above), so its only send is the one after the
    // restart; its attempt number is not read here, since span redaction hides numbers.
    private static bool IsSendAfterRestart(ExportedSpan span) =>
        span.Service.Contains(ResourceNames.Notification, StringComparison.OrdinalIgnoreCase) && span.Name == "smtp send";

    private static async Task<bool> SmtpAnswersAsync()
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            await client.ConnectAsync("localhost", 2525, TestContext.Current.CancellationToken);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static async Task<System.Text.Json.JsonElement?> SubmittedEmailAsync(GatewayClient porteur)
    {
        var emails = await porteur.JsonAsync(HttpMethod.Get, "/api/notifications?pageSize=50");
        return emails.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("template").GetString() == "candidature-submitted")
            .Select(e => (System.Text.Json.JsonElement?)e)
            .FirstOrDefault();
    }

    private async Task ExecuteAsync(string resource, string command)
    {
        var result = await platform.App.ResourceCommands.ExecuteCommandAsync(resource, command, TestContext.Current.CancellationToken);
        Assert.True(result.Success, $"{command} on {resource}: {result.Message}");
    }

    private async Task WaitForStateAsync(string resource, params string[] states)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        await platform.App.ResourceNotifications.WaitForResourceAsync(resource, update => states.Contains(update.Snapshot.State?.Text), timeout.Token);
    }

    private async Task<ResourceEvent> WaitForHealthAsync(string resource, HealthStatus status)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        return await platform.App.ResourceNotifications.WaitForResourceAsync(resource,
            update => update.Snapshot.State?.Text == KnownResourceStates.Running && update.Snapshot.HealthStatus == status, timeout.Token);
    }
}

[CollectionDefinition(RestartTests.Name, DisableParallelization = true)]
public sealed class RestartCollection;

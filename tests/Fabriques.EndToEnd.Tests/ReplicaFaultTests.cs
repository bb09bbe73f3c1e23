using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// Two replicas of every service, and one of each killed in the middle of a burst of candidatures, then started
/// again: nothing is lost, no effect happens twice, and the work that must happen once across replicas (the outbox
/// relay, the wave announcer, the janitor) did.
/// </summary>
[Collection(ReplicaFaultCollection.Name)]
public sealed class ReplicaFaultTests(ReplicatedPlatform platform)
{
    private const int Candidatures = 12;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>
    /// A killed replica's way back to Healthy: on this machine kind (two cores, this platform's nine processes beside
    /// the other tests' platform) a Debug process took 90 s from its start to listening.
    /// </summary>
    private static readonly TimeSpan RestartPatience = TimeSpan.FromMinutes(5);

    /// <summary>Starts tried before a replica that fails to start is given up on (Kubernetes would go on, backing off).</summary>
    private const int StartAttempts = 3;
    private static readonly string[] Services = [ResourceNames.Directory, ResourceNames.Candidature, ResourceNames.Grants, ResourceNames.Notification];
    private static readonly string[] PartnerEvents =
        ["fr.anct.fabriques.candidature.accepted", "fr.anct.fabriques.grant.awarded", "fr.anct.fabriques.place.labelled"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_burst_while_one_replica_of_each_service_is_killed_loses_nothing_and_does_everything_once()
    {
        var calls = new RetryingCalls();
        var gestionnaire = await GatewayClient.SignInAsync(platform.Gateway, "anct-faults", "gestionnaire");
        var instructeur = await GatewayClient.SignInAsync(platform.Gateway, "instructeur-faults", "instructeur");
        var partenaire = await GatewayClient.SignInAsync(platform.Gateway, "partenaire-faults", "partenaire");
        var waveId = await OpenWave.EnsureAsync(gestionnaire);
        await RaiseEnvelopeAsync(gestionnaire, Candidatures * 200_000m);
        await using var receiver = await PartnerReceiver.StartAsync();
        await partenaire.JsonAsync(HttpMethod.Post, "/api/notifications/subscriptions",
            new { url = receiver.Url, eventTypes = PartnerEvents, description = "Partenaire des tests de pannes" });
        var porteurs = await Task.WhenAll(Enumerable.Range(1, Candidatures)
            .Select(i => GatewayClient.SignInAsync(platform.Gateway, $"porteur-faults-{i}", "porteur")));

        var burstStarted = new TaskCompletionSource();
        var stopwatch = Stopwatch.StartNew();
        var burst = Task.WhenAll(porteurs.Select((porteur, i) => ApplyAndAcceptAsync(calls, porteur, instructeur, i, burstStarted)));
        await burstStarted.Task.WaitAsync(Patience, Ct);
        // The second replica of each service dies at once, in the middle of the burst, and comes back.
        var faults = Task.WhenAll(Services.Select(service => KillAndRestartAsync($"{service}-2")));
        var applied = await burst;
        var downtimes = await faults;
        var burstTime = stopwatch.Elapsed;

        var output = TestContext.Current.TestOutputHelper;
        var violations = new List<string>();
        try
        {
            await Eventually.SucceedsAsync(async () =>
            {
                violations = await ConsistencyViolationsAsync(gestionnaire, porteurs, applied, receiver);
                return violations.Count == 0;
            }, Patience, "the effects did not all happen exactly once");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} Still wrong: {string.Join("; ", violations)}", timeout);
        }
        await Eventually.SucceedsAsync(async () =>
        {
            violations = await ProgrammeViolationsAsync(gestionnaire);
            return violations.Count == 0;
        }, Patience, "the consistency check still reports violations");
        violations.AddRange(await OnceAcrossReplicasViolationsAsync(gestionnaire, waveId));

        output?.WriteLine($"Platform with {platform.Replicas} replicas of each service started in {platform.StartTime.TotalSeconds:F0} s.");
        output?.WriteLine($"{Candidatures} candidatures applied and accepted in {burstTime.TotalSeconds:F1} s while {Services.Length} replicas were killed and restarted " +
                          $"(killed to healthy again: {string.Join(", ", downtimes.Select(d => $"{d.Replica} {d.Downtime.TotalSeconds:F1} s"))}; " +
                          $"starts that failed on the way: {downtimes.Sum(d => d.FailedStarts.Count)}); " +
                          $"{calls.Requests} requests, {calls.Retried} answered 502/503/504 by the gateway and retried with their Idempotency-Key, " +
                          $"{calls.Unexpected.Count} unexpected 5xx; {violations.Count} violations.");
        Assert.Empty(calls.Unexpected);
        Assert.Empty(violations);
    }

    /// <summary>A porteur registers a place, applies and submits; an instructeur reviews and accepts.</summary>
    private static async Task<(string PlaceId, string CandidatureId)> ApplyAndAcceptAsync(
        RetryingCalls calls, GatewayClient porteur, GatewayClient instructeur, int index, TaskCompletionSource burstStarted)
    {
        var name = $"La Fabrique des pannes n° {index + 1}";
        var place = await calls.JsonAsync(porteur, HttpMethod.Post, "/api/directory/places", new
        {
            name,
            pivot = "73282932000074",
            address = new { street = "2 lotissement les micocouliers", postalCode = "04350", inseeCode = "04111", commune = "Malijai" },
        });
        burstStarted.TrySetResult();
        var placeId = place.GetProperty("id").GetString()!;
        var draft = await calls.JsonAsync(porteur, HttpMethod.Post, "/api/candidatures", new
        {
            placeId,
            applicant = new
            {
                organisationName = "Association ECE 04", pivot = "73282932000074", legalStatus = "association",
                contactName = "Camille Martin", contactEmail = ContactEmail(index),
            },
            project = new
            {
                title = $"Fabrique de territoire : {name}", summary = "Un tiers-lieu qui tient bon.",
                services = new[] { "fablab" }, partners = new[] { "Communauté d'agglomération" }, jobsFte = 1.5,
            },
            territory = new { kind = "outside-large-urban-centres" },
            digital = false,
            funding = new { amountPerYear = 50_000, durationYears = 3 },
        });
        var candidatureId = draft.GetProperty("id").GetString()!;
        var candidature = $"/api/candidatures/{candidatureId}";
        // The candidature service learns of the place from PlaceRegistered, through a relay that may have just died.
        await Eventually.SucceedsAsync(async () =>
            (await calls.SendAsync(porteur, HttpMethod.Post, $"{candidature}/submit")) == HttpStatusCode.OK,
            Patience, $"{candidature} could not be submitted");
        await calls.JsonAsync(instructeur, HttpMethod.Post, $"{candidature}/review");
        await calls.JsonAsync(instructeur, HttpMethod.Post, $"{candidature}/decision",
            new { decision = "accepted", motivation = "Projet solide, même par gros temps.", score = 80 });
        return (placeId, candidatureId);
    }

    /// <summary>
    /// Kills the replica's process (no graceful stop), then starts it again as the dashboard's Start button does — as
    /// often as an orchestrator would when the process fails to start (<see cref="StartAttempts"/>), each failure
    /// written to the test's output with what the replica's console said.
    /// </summary>
    private async Task<Restart> KillAndRestartAsync(string replica)
    {
        var downtime = Stopwatch.StartNew();
        var notifications = platform.App.ResourceNotifications;
        Assert.True(notifications.TryGetCurrentState(replica, out var running), $"{replica} is not in the app model");
        var pid = running.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value;
        using (var process = Process.GetProcessById(Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture)))
        {
            process.Kill(entireProcessTree: true);
        }
        await Eventually.SucceedsAsync(() => Task.FromResult(
                notifications.TryGetCurrentState(replica, out var state)
                && state.Snapshot.State?.Text is { } text && KnownResourceStates.TerminalStates.Contains(text)),
            Patience, $"{replica} was not seen stopped after its process was killed");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(RestartPatience);
        var failedStarts = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            // Watched from before the Start command, so that no state it leads to is missed; the killed process's
            // terminal state, current until then, does not count.
            var restarting = false;
            var restarted = notifications.WaitForResourceAsync(replica, e =>
            {
                var state = e.Snapshot.State?.Text;
                restarting |= state is not null && !KnownResourceStates.TerminalStates.Contains(state);
                return restarting && (state == KnownResourceStates.FailedToStart
                                      || (state == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy));
            }, timeout.Token);
            var started = await platform.App.ResourceCommands.ExecuteCommandAsync(replica, KnownResourceCommands.StartCommand, Ct);
            Assert.True(started.Success, started.Message);
            ResourceEvent outcome;
            try
            {
                outcome = await restarted;
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{replica} was not healthy {RestartPatience.TotalSeconds:F0} s after its kill " +
                                           $"({attempt} starts). Its readiness report: {await ReadinessReportAsync(replica)}. " +
                                           $"Its console: {await ConsoleTailAsync(replica)}. What it logged since: " +
                                           string.Join(" | ", platform.Telemetry.Logs.Where(l => l.Service == replica && l.At >= DateTimeOffset.UtcNow - downtime.Elapsed)));
            }
            if (outcome.Snapshot.State?.Text != KnownResourceStates.FailedToStart)
            {
                return new Restart(replica, downtime.Elapsed, failedStarts);
            }
            failedStarts.Add($"start {attempt} of {replica} failed: {await ConsoleTailAsync(replica)}");
            TestContext.Current.TestOutputHelper?.WriteLine(failedStarts[^1]);
            Assert.True(attempt < StartAttempts, string.Join(" / ", failedStarts));
        }
    }

    /// <summary>A killed replica back to Healthy: how long it took, and the starts that failed on the way.</summary>
    private sealed record Restart(string Replica, TimeSpan Downtime, IReadOnlyList<string> FailedStarts);

    /// <summary>The last lines the replica's process printed, and the orchestrator's own (<c>[sys]</c>) lines about it.</summary>
    private async Task<string> ConsoleTailAsync(string replica)
    {
        var lines = new List<string>();
        await foreach (var batch in platform.App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(replica).WithCancellation(Ct))
        {
            lines.AddRange(batch.Select(line => line.Content));
        }
        return string.Join(" | ", lines.Where(l => l.Contains("[sys]", StringComparison.Ordinal)).TakeLast(5).Concat(lines.TakeLast(10)).Distinct());
    }

    private async Task<string> ReadinessReportAsync(string replica)
    {
        try
        {
            using var client = platform.App.CreateHttpClient(replica);
            return await client.GetStringAsync(new Uri("/health", UriKind.Relative), Ct);
        }
        catch (HttpRequestException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>
    /// What the services' APIs say against "once": per accepted candidature one grant, one label naming it, one e-mail
    /// per event and template, one webhook per partner event; no event twice in the feed.
    /// </summary>
    private async Task<List<string>> ConsistencyViolationsAsync(
        GatewayClient gestionnaire, GatewayClient[] porteurs, (string PlaceId, string CandidatureId)[] applied, PartnerReceiver receiver)
    {
        var violations = new List<string>();
        var emailsListed = new int[applied.Length];
        var grants = (await gestionnaire.JsonAsync(HttpMethod.Get, "/api/grants?pageSize=200")).GetProperty("items").EnumerateArray().ToList();
        for (var i = 0; i < applied.Length; i++)
        {
            var (placeId, candidatureId) = applied[i];
            var state = (await gestionnaire.JsonAsync(HttpMethod.Get, $"/api/candidatures/{candidatureId}")).GetProperty("state").GetString();
            if (state != "accepted")
            {
                violations.Add($"candidature {candidatureId} is {state}, not accepted");
            }
            var ofPlace = grants.Where(g => g.GetProperty("placeId").GetString() == placeId).ToList();
            if (ofPlace.Count != 1)
            {
                violations.Add($"place {placeId} has {ofPlace.Count} grants");
                continue;
            }
            var grantId = ofPlace[0].GetProperty("id").GetString();
            var labels = (await porteurs[i].JsonAsync(HttpMethod.Get, $"/api/directory/places/{placeId}")).GetProperty("labels").EnumerateArray().ToList();
            if (labels.Count != 1 || labels[0].GetProperty("grantId").GetString() != grantId)
            {
                violations.Add($"place {placeId} has {labels.Count} labels, expected one for grant {grantId}");
            }
            var emails = (await porteurs[i].JsonAsync(HttpMethod.Get, "/api/notifications?pageSize=200")).GetProperty("items").EnumerateArray()
                .Select(e => (Event: e.GetProperty("event").GetString(), Template: e.GetProperty("template").GetString())).ToList();
            emailsListed[i] = emails.Count;
            violations.AddRange(emails.GroupBy(e => e).Where(g => g.Count() > 1)
                .Select(g => $"porteur {i + 1} got the e-mail {g.Key.Template} of event {g.Key.Event} {g.Count()} times"));
            violations.AddRange(new[] { "candidature-submitted", "candidature-review-started", "candidature-accepted", "grant-awarded" }
                .Where(template => emails.Count(e => e.Template == template) != 1)
                .Select(template => $"porteur {i + 1} got {emails.Count(e => e.Template == template)} e-mails {template}"));
        }

        // What the SMTP server received: one message per e-mail the service lists, none sent twice by a replica that died
        // while sending.
        var received = await SmtpReceivedAsync();
        for (var i = 0; i < applied.Length; i++)
        {
            var titles = received.Where(m => m.To.Contains(ContactEmail(i), StringComparison.OrdinalIgnoreCase)).Select(m => m.Subject).ToList();
            if (titles.Count != emailsListed[i] || titles.Distinct().Count() != titles.Count)
            {
                violations.Add($"the SMTP server received {titles.Count} messages for porteur {i + 1}, who has {emailsListed[i]} e-mails: {string.Join(" | ", titles)}");
            }
        }

        var webhooks = receiver.Received.Select(body => JsonDocument.Parse(body).RootElement)
            .Select(e => (Id: e.GetProperty("id").GetString(), Type: e.GetProperty("type").GetString(), Subject: e.GetProperty("subject").GetString()))
            .ToList();
        violations.AddRange(webhooks.GroupBy(w => w.Id).Where(g => g.Count() > 1).Select(g => $"webhook of event {g.Key} posted {g.Count()} times"));
        var subjects = applied.SelectMany(a => new[] { a.PlaceId, a.CandidatureId })
            .Concat(grants.Select(g => g.GetProperty("id").GetString()!)).ToHashSet();
        var expected = applied.Length * PartnerEvents.Length;
        var delivered = webhooks.Where(w => subjects.Contains(w.Subject!)).Select(w => w.Id).Distinct().Count();
        if (delivered != expected)
        {
            violations.Add($"{delivered} partner events received by webhook of the {expected} expected");
        }

        var feed = await ReadFeedAsync(gestionnaire);
        violations.AddRange(feed.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"event {g.Key} is {g.Count()} times in the feed"));
        return violations;
    }

    /// <summary>
    /// The relay, the wave announcer and the janitor each did their work once across replicas: no two replicas of a
    /// service published at the same moment, each wave was announced opened once, each janitor period ran once.
    /// </summary>
    private async Task<List<string>> OnceAcrossReplicasViolationsAsync(GatewayClient gestionnaire, string waveId)
    {
        var violations = new List<string>();
        var feed = await ReadFeedAsync(gestionnaire);
        var openings = feed.Where(e => e.Type == "fr.anct.fabriques.wave.opened").GroupBy(e => e.Subject).ToList();
        violations.AddRange(openings.Where(g => g.Count() != 1).Select(g => $"wave {g.Key} announced opened {g.Count()} times"));
        if (!openings.Any(g => g.Key == waveId))
        {
            violations.Add($"the open wave {waveId} was never announced");
        }

        foreach (var service in Services)
        {
            // Every replica's batches, as intervals: the advisory lock lets one replica publish at a time.
            var publishing = platform.Telemetry.Named("outbox publish").Where(s => ReplicaOf(s.Service) == service)
                .OrderBy(s => s.StartNanos).ToList();
            for (var i = 1; i < publishing.Count; i++)
            {
                var overlapping = publishing.Take(i).Where(p => p.Service != publishing[i].Service && p.EndNanos > publishing[i].StartNanos).ToList();
                if (overlapping.Count > 0)
                {
                    violations.Add($"{publishing[i].Service} published {publishing[i].Name} while {overlapping[0].Service} was publishing");
                    break;
                }
            }

            var maintenance = platform.Telemetry.Named("messaging maintenance").Where(s => ReplicaOf(s.Service) == service)
                .GroupBy(s => s.Attributes.GetValueOrDefault("messaging.maintenance.tick")).ToList();
            violations.AddRange(maintenance.Where(tick => tick.Count(s => s.Attributes.GetValueOrDefault("messaging.maintenance.ran") == "true") > 1)
                .Select(tick => $"{service}'s janitor ran period {tick.Key} more than once"));
            if (!maintenance.Any(tick => tick.Select(s => s.Service).Distinct().Count() == platform.Replicas))
            {
                violations.Add($"{service}'s replicas never competed for a janitor period");
            }
        }
        return violations;
    }

    /// <summary>What the programme's consistency check (decisions, grants, money, labels) reports.</summary>
    private static async Task<List<string>> ProgrammeViolationsAsync(GatewayClient gestionnaire)
    {
        var report = await gestionnaire.JsonAsync(HttpMethod.Get, "/api/grants/programme/consistency");
        return [.. report.GetProperty("violations").EnumerateArray().Select(v => $"consistency check: {v}")];
    }

    /// <summary>Every message smtp4dev holds: its recipients and subject.</summary>
    private async Task<List<(string To, string Subject)>> SmtpReceivedAsync()
    {
        using var smtp4dev = new HttpClient { BaseAddress = platform.SmtpWebUi };
        var page = JsonDocument.Parse(await smtp4dev.GetStringAsync(new Uri("api/messages?pageSize=1000", UriKind.Relative), Ct)).RootElement;
        var messages = page.ValueKind == JsonValueKind.Array ? page : page.GetProperty("results");
        return [.. messages.EnumerateArray().Select(m => (m.GetProperty("to").ToString(), m.GetProperty("subject").GetString() ?? ""))];
    }

    private static string ContactEmail(int index) => $"porteur-faults-{index + 1}@example.org";

    /// <summary>"directory-2" is a replica of "directory".</summary>
    private static string ReplicaOf(string serviceName) =>
        Services.FirstOrDefault(s => serviceName == s || serviceName.StartsWith($"{s}-", StringComparison.Ordinal)) ?? serviceName;

    private static async Task<List<(string Id, string Type, string Subject)>> ReadFeedAsync(GatewayClient gestionnaire) =>
        [.. (await gestionnaire.ReadFeedAsync()).Select(e =>
            (e.GetProperty("id").GetString()!, e.GetProperty("type").GetString()!, e.GetProperty("subject").GetString() ?? ""))];

    /// <summary>Raises the programme's envelope so that it can fund <paramref name="room"/> euros more than it has committed.</summary>
    private static async Task RaiseEnvelopeAsync(GatewayClient gestionnaire, decimal room)
    {
        using var read = await gestionnaire.SendAsync(HttpMethod.Get, "/api/grants/programme");
        read.EnsureSuccessStatusCode();
        var programme = JsonDocument.Parse(await read.Content.ReadAsStringAsync(Ct)).RootElement;
        var needed = programme.GetProperty("committed").GetDecimal() + room;
        if (programme.GetProperty("envelope").GetDecimal() < needed)
        {
            await gestionnaire.JsonAsync(HttpMethod.Put, "/api/grants/programme", ProgrammeSettings.From(programme, needed), read.Headers.ETag?.ToString());
        }
    }

    /// <summary>
    /// A frontend's calls: each write carries an <c>Idempotency-Key</c> and is retried with it when the gateway answers
    /// that the service is momentarily unavailable (a replica died with the request) or that the request ran out of
    /// time, or when the first attempt is still running. Any other 5xx is recorded as unexpected.
    /// </summary>
    private sealed class RetryingCalls
    {
        private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);
        private int _requests;
        private int _retried;

        public int Requests => _requests;
        public int Retried => _retried;
        public ConcurrentQueue<string> Unexpected { get; } = new();

        public async Task<JsonElement> JsonAsync(GatewayClient client, HttpMethod method, string path, object? body = null)
        {
            var (status, text) = await SendForTextAsync(client, method, path, body);
            Assert.True((int)status < 300, $"{method} {path} answered {(int)status}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        public async Task<HttpStatusCode> SendAsync(GatewayClient client, HttpMethod method, string path, object? body = null) =>
            (await SendForTextAsync(client, method, path, body)).Status;

        private async Task<(HttpStatusCode Status, string Text)> SendForTextAsync(GatewayClient client, HttpMethod method, string path, object? body)
        {
            var key = Guid.NewGuid().ToString();
            var deadline = DateTimeOffset.UtcNow + Patience;
            while (true)
            {
                using var request = client.Request(method, path, body);
                request.Headers.Add("Idempotency-Key", key);
                Interlocked.Increment(ref _requests);
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync(Ct);
                if (!Retryable(response.StatusCode, text) || DateTimeOffset.UtcNow > deadline)
                {
                    if ((int)response.StatusCode >= 500)
                    {
                        Unexpected.Enqueue($"{method} {path}: {(int)response.StatusCode} {text}");
                    }
                    return (response.StatusCode, text);
                }
                if ((int)response.StatusCode >= 500)
                {
                    Interlocked.Increment(ref _retried);
                }
                await Task.Delay(RetryPause, Ct);
            }
        }

        private static bool Retryable(HttpStatusCode status, string text) => status switch
        {
            HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout =>
                text.Contains(ProblemTypes.ServiceUnavailable, StringComparison.Ordinal)
                // A request sent to a replica that is starting again may wait past the gateway's time: the 504 tells
                // the caller to resend a write with the same Idempotency-Key, which is what a frontend does.
                || text.Contains(ProblemTypes.Timeout, StringComparison.Ordinal),
            HttpStatusCode.Conflict => text.Contains(ProblemTypes.IdempotencyKeyInProgress, StringComparison.Ordinal),
            _ => false,
        };
    }
}

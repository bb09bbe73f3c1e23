using System.Collections.Concurrent;
using System.Diagnostics;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Npgsql;

namespace Fabriques.Bench.Platform;

/// <summary>A porteur of the burst: their own subject (the gateway limits each caller), place and candidature.</summary>
public sealed record Applicant(string Subject, string Token, string PlaceId, string CandidatureId);

/// <summary>
/// Benchmark 2: <c>applicants</c> porteurs, each with their own token, register a place and write a candidature;
/// then <c>clients</c> concurrent clients submit all the candidatures through the gateway as fast as they are answered.
/// Measures the submits' latency and errors, then waits for one acknowledgement e-mail per candidature.
/// </summary>
public static class SubmissionBurst
{
    private static readonly TimeSpan SetupLimit = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan EmailLimit = TimeSpan.FromMinutes(3);
    private const string Submitted = "candidature-submitted";

    public static async Task<IReadOnlyList<Applicant>> RunAsync(BenchPlatform platform, int applicants, int clients, string command)
    {
        var gestionnaire = await platform.TokenAsync("anct-bench", Roles.Gestionnaire);
        var now = DateTimeOffset.UtcNow;
        await platform.JsonAsync(HttpMethod.Post, "/api/candidatures/waves", gestionnaire,
            new { name = "Vague du banc d'essai", opensAt = now.AddMinutes(-1), deadline = now.AddDays(30), maxLaureates = 1000 });

        var setup = Stopwatch.StartNew();
        var registered = new ConcurrentBag<Applicant>();
        await Parallel.ForEachAsync(Enumerable.Range(1, applicants), new ParallelOptions { MaxDegreeOfParallelism = clients }, async (i, _) =>
        {
            Bounded(setup, SetupLimit, "setup");
            registered.Add(await RegisterAsync(platform, i));
        });
        await WaitForCandidatureToKnowPlacesAsync(platform, applicants, setup);
        Console.WriteLine($"  setup: {applicants} places and candidature drafts in {Figures.F(setup.Elapsed.TotalSeconds)} s");

        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentDictionary<int, int>();
        var burst = Stopwatch.StartNew();
        await Parallel.ForEachAsync(registered, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (applicant, _) =>
        {
            var answer = await platform.SendAsync(HttpMethod.Post, platform.Gateway, $"/api/candidatures/{applicant.CandidatureId}/submit", applicant.Token);
            latencies.Add(answer.Elapsed.TotalMilliseconds);
            if (!answer.Ok)
            {
                errors.AddOrUpdate(answer.Status, 1, (_, n) => n + 1);
            }
        });
        var lastAcknowledged = burst.Elapsed;

        var (recorded, sentByThen) = await WaitForEmailsAsync(platform, gestionnaire, applicants, burst);
        var (total, distinct) = await CountEmailsAsync(platform);
        var memory = ProcessMemory.PeakOfServices();

        var p50 = Figures.Percentile(latencies, 0.50);
        var p99 = Figures.Percentile(latencies, 0.99);
        var errorCount = errors.Values.Sum();
        var lastRecordedAfter = recorded - lastAcknowledged;
        Console.WriteLine($"  submits: {applicants} by {clients} clients in {Figures.F(lastAcknowledged.TotalSeconds)} s " +
                          $"({Figures.F(applicants / lastAcknowledged.TotalSeconds, 0)}/s), p50 {Figures.F(p50)} ms, p99 {Figures.F(p99)} ms, " +
                          $"errors {errorCount} {string.Join(' ', errors.Select(e => $"[{e.Key}: {e.Value}]"))}");
        Console.WriteLine($"  e-mails: all {applicants} recorded {Figures.F(lastRecordedAfter.TotalSeconds)} s after the last submit was " +
                          $"acknowledged ({sentByThen} already handed to smtp4dev); {total} '{Submitted}' rows for {distinct} porteurs");
        foreach (var (service, peak) in memory)
        {
            Console.WriteLine($"  peak memory (VmHWM) {service}: {Figures.F(peak / 1024.0 / 1024.0, 0)} MiB");
        }

        var lost = applicants - distinct;
        var duplicated = total - distinct;
        var met = p99 < 100 && errorCount == 0 && lastRecordedAfter < TimeSpan.FromSeconds(30) && lost == 0 && duplicated == 0;
        Figures.Row(
            $"Submission burst: {applicants} candidatures submitted through the gateway by {clients} concurrent porteurs",
            $"p50 {Figures.F(p50)} ms / p99 {Figures.F(p99)} ms, {errorCount} errors; last e-mail recorded {Figures.F(lastRecordedAfter.TotalSeconds)} s after the last submit; {lost} lost, {duplicated} duplicated",
            "—", "—", "p99 < 100 ms, 0 errors, last e-mail < 30 s, 0 lost, 0 duplicated", met, command);
        return registered.ToList();
    }

    private static async Task<Applicant> RegisterAsync(BenchPlatform platform, int i)
    {
        var subject = $"porteur-bench-{i}";
        var token = await platform.TokenAsync(subject, Roles.Porteur);
        var place = await platform.JsonAsync(HttpMethod.Post, "/api/directory/places", token, new
        {
            name = $"Fabrique du banc d'essai {i}",
            pivot = "73282932000074",
            address = new { street = $"{i} rue des Ateliers", postalCode = "04350", inseeCode = "04111", commune = "Malijai" },
        });
        var placeId = place.GetProperty("id").GetString()!;
        var draft = await platform.JsonAsync(HttpMethod.Post, "/api/candidatures", token, new
        {
            placeId,
            applicant = new
            {
                organisationName = $"Association {i}", pivot = "73282932000074", legalStatus = "association",
                contactName = "Camille Martin", contactEmail = $"{subject}@example.org",
            },
            project = new
            {
                title = $"Fabrique de territoire {i}", summary = "Un tiers-lieu ressource pour la vallée.",
                services = new[] { "fablab", "coworking" }, partners = new[] { "Communauté d'agglomération" }, jobsFte = 2.5,
            },
            territory = new { kind = "outside-large-urban-centres" },
            digital = false,
            funding = new { amountPerYear = 50_000, durationYears = 3 },
        });
        return new Applicant(subject, token, placeId, draft.GetProperty("id").GetString()!);
    }

    /// <summary>A candidature can be submitted once the candidature service has consumed its place's <c>PlaceRegistered</c>.</summary>
    private static async Task WaitForCandidatureToKnowPlacesAsync(BenchPlatform platform, int places, Stopwatch setup)
    {
        await using var connection = new NpgsqlConnection(await platform.ConnectionStringAsync(ResourceNames.CandidatureDb));
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM places", connection);
        while ((long)(await count.ExecuteScalarAsync())! < places)
        {
            Bounded(setup, SetupLimit, "setup");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Polls the notification service as an operator would, until every acknowledgement is recorded (written, to be
    /// sent by its SMTP sender); returns when, and how many were already handed to the SMTP server by then.
    /// </summary>
    private static async Task<(TimeSpan Recorded, long SentByThen)> WaitForEmailsAsync(
        BenchPlatform platform, string gestionnaire, int expected, Stopwatch burst)
    {
        var waiting = Stopwatch.StartNew();
        while (await TotalAsync("/api/notifications?pageSize=1") < expected)
        {
            Bounded(waiting, EmailLimit, "e-mails");
            await Task.Delay(100);
        }
        var recorded = burst.Elapsed;
        return (recorded, await TotalAsync("/api/notifications?pageSize=1&status=sent"));

        async Task<long> TotalAsync(string path) =>
            (await platform.JsonAsync(HttpMethod.Get, path, gestionnaire)).GetProperty("total").GetInt64();
    }

    /// <summary>Acknowledgement e-mails in the notification database: rows, and distinct porteurs (one candidature each) they go to.</summary>
    private static async Task<(long Total, long Distinct)> CountEmailsAsync(BenchPlatform platform)
    {
        await Task.Delay(TimeSpan.FromSeconds(2)); // a late duplicate would show up here
        await using var connection = new NpgsqlConnection(await platform.ConnectionStringAsync(ResourceNames.NotificationDb));
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT owner_id) FROM emails WHERE template = @template", connection);
        count.Parameters.AddWithValue("template", Submitted);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static void Bounded(Stopwatch clock, TimeSpan limit, string phase)
    {
        if (clock.Elapsed > limit)
        {
            throw new TimeoutException($"{phase} not done within {limit}");
        }
    }
}

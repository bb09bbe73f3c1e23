using System.Collections.Concurrent;
using System.Diagnostics;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Npgsql;

namespace Fabriques.Bench.Platform;

/// <summary>A porteur of the burst: their own subject (the gateway limits each caller), place and candidature.</summary>
public sealed record Applicant(string Subject, string Token, string PlaceId, string CandidatureId);

/// <summary>
/// Benchmark 2, open loop: porteurs, each with their own token, register a place and write a candidature; then the
/// candidatures are submitted through the gateway at fixed arrival rates, one rate after the other, whatever the
/// answers take (a slow answer does not delay the next submit, as with real users). Each submit's latency runs from the
/// moment it was scheduled, so queueing in the client counts too (no coordinated omission). After each rate, the bench
/// waits for the acknowledgement e-mail of every candidature submitted so far.
/// </summary>
public static class SubmissionRates
{
    private static readonly TimeSpan SetupLimit = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan EmailLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan EmailGoal = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WarmupDuration = TimeSpan.FromSeconds(5);
    private const int SetupClients = 20;
    private const string Submitted = "candidature-submitted";

    /// <summary>What one arrival rate gave: submits' latencies from their scheduled time, errors, e-mails, CPU.</summary>
    private sealed record Phase(int Rate, int Offered, List<double> Latencies, IReadOnlyDictionary<int, int> Errors, TimeSpan EmailsAfter,
        double CpuMillisecondsPerSubmit)
    {
        public int ErrorCount => Errors.Values.Sum();
        public bool Holds => ErrorCount == 0 && Figures.Percentile(Latencies, 0.99) < 1000 && EmailsAfter < EmailGoal;
    }

    /// <summary>Runs a warm-up then each rate for <paramref name="perRate"/>; returns the porteurs whose submit succeeded.</summary>
    public static async Task<IReadOnlyList<Applicant>> RunAsync(BenchPlatform platform, IReadOnlyList<int> rates, TimeSpan perRate, string command)
    {
        var gestionnaire = await platform.TokenAsync("anct-bench", Roles.Gestionnaire);
        var now = DateTimeOffset.UtcNow;
        await platform.JsonAsync(HttpMethod.Post, "/api/candidatures/waves", gestionnaire,
            new { name = "Vague du banc d'essai", opensAt = now.AddMinutes(-1), deadline = now.AddDays(30), maxLaureates = 1000 });

        var warmupRate = rates.Min();
        var needed = (int)(warmupRate * WarmupDuration.TotalSeconds) + rates.Sum(r => (int)(r * perRate.TotalSeconds));
        var setup = Stopwatch.StartNew();
        var registered = new ConcurrentQueue<Applicant>();
        await Parallel.ForEachAsync(Enumerable.Range(1, needed), new ParallelOptions { MaxDegreeOfParallelism = SetupClients }, async (i, _) =>
        {
            Bounded(setup, SetupLimit, "setup");
            registered.Enqueue(await RegisterAsync(platform, i));
        });
        await WaitForCandidatureToKnowPlacesAsync(platform, needed, setup);
        Console.WriteLine($"  setup: {needed} places and candidature drafts in {Figures.F(setup.Elapsed.TotalSeconds)} s");

        var submitted = new List<Applicant>();
        var emailsExpected = 0;
        var warmup = await OfferAsync(platform, registered, warmupRate, WarmupDuration, submitted);
        emailsExpected += warmup.Offered - warmup.ErrorCount;
        await WaitForEmailsAsync(platform, gestionnaire, emailsExpected);
        Console.WriteLine($"  warm-up: {warmup.Offered} submits at {warmupRate}/s, not counted");

        var phases = new List<Phase>();
        foreach (var rate in rates)
        {
            var phase = await OfferAsync(platform, registered, rate, perRate, submitted);
            emailsExpected += phase.Offered - phase.ErrorCount;
            phase = phase with { EmailsAfter = await WaitForEmailsAsync(platform, gestionnaire, emailsExpected) };
            phases.Add(phase);
            Console.WriteLine($"  {rate}/s offered for {Figures.F(perRate.TotalSeconds, 0)} s: p50 {Figures.F(Figures.Percentile(phase.Latencies, 0.5))} ms, " +
                              $"p99 {Figures.F(Figures.Percentile(phase.Latencies, 0.99))} ms, p99.9 {Figures.F(Figures.Percentile(phase.Latencies, 0.999))} ms, " +
                              $"errors {phase.ErrorCount} {string.Join(' ', phase.Errors.Select(e => $"[{e.Key}: {e.Value}]"))}, " +
                              $"every e-mail recorded {Figures.F(phase.EmailsAfter.TotalSeconds)} s after the last answer, " +
                              $"{Figures.F(phase.CpuMillisecondsPerSubmit)} CPU ms per submit in the .NET services; load {Load()}");
        }

        var (total, distinct) = await CountEmailsAsync(platform);
        var lost = emailsExpected - distinct;
        var duplicated = total - distinct;
        Console.WriteLine($"  e-mails: {total} '{Submitted}' rows for {distinct} porteurs, {emailsExpected} submits acknowledged: {lost} lost, {duplicated} duplicated");
        foreach (var sample in ProcessStats.Sample())
        {
            Console.WriteLine($"  peak memory (VmHWM) {sample.Service}: {Figures.F(sample.PeakResidentBytes / 1024.0 / 1024.0, 0)} MiB");
        }

        var at100 = phases.FirstOrDefault(p => p.Rate == 100);
        var sustained = phases.Where(p => p.Holds).Select(p => p.Rate).DefaultIfEmpty(0).Max();
        Figures.Row(
            $"Submissions, open loop: {string.Join(", ", rates)} /s offered for {perRate.TotalSeconds:0} s each after a warm-up, latency from the scheduled send",
            string.Join("; ", phases.Select(p => $"{p.Rate}/s: p50 {Figures.F(Figures.Percentile(p.Latencies, 0.5))} / p99 {Figures.F(Figures.Percentile(p.Latencies, 0.99))} / p99.9 {Figures.F(Figures.Percentile(p.Latencies, 0.999))} ms, {p.ErrorCount} errors, e-mails +{Figures.F(p.EmailsAfter.TotalSeconds)} s"))
                + $"; highest rate held (p99 < 1 s, 0 errors, e-mails < 30 s): {sustained}/s; {lost} lost, {duplicated} duplicated",
            "—", "—", "p99 < 100 ms at 100/s; ≥ 200/s held",
            at100 is not null && Figures.Percentile(at100.Latencies, 0.99) < 100 && at100.ErrorCount == 0 && sustained >= 200 && lost == 0 && duplicated == 0,
            command);
        return submitted;
    }

    /// <summary>
    /// Submits <c>rate × duration</c> candidatures, the i-th at i / rate seconds from the start, without waiting for
    /// answers; each latency is measured from its scheduled time.
    /// </summary>
    private static async Task<Phase> OfferAsync(
        BenchPlatform platform, ConcurrentQueue<Applicant> applicants, int rate, TimeSpan duration, List<Applicant> submitted)
    {
        var count = (int)(rate * duration.TotalSeconds);
        var sends = new List<Task<(Applicant Applicant, double Latency, int Status)>>(count);
        var cpuBefore = ProcessStats.Sample();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var scheduled = TimeSpan.FromSeconds(i / (double)rate);
            var wait = scheduled - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            if (!applicants.TryDequeue(out var applicant))
            {
                throw new InvalidOperationException("more submits scheduled than candidatures prepared");
            }
            sends.Add(SubmitAsync(platform, applicant, start, scheduled));
        }
        var results = await Task.WhenAll(sends);
        var cpu = ProcessStats.CpuBetween(cpuBefore, ProcessStats.Sample()).Values.Sum();
        submitted.AddRange(results.Where(r => r.Status is >= 200 and < 300).Select(r => r.Applicant));
        var errors = results.Where(r => r.Status is < 200 or >= 300).GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        return new Phase(rate, count, results.Select(r => r.Latency).ToList(), errors, TimeSpan.Zero, cpu / count);
    }

    private static async Task<(Applicant, double, int)> SubmitAsync(BenchPlatform platform, Applicant applicant, long start, TimeSpan scheduled)
    {
        int status;
        try
        {
            status = (await platform.SendAsync(HttpMethod.Post, platform.Gateway, $"/api/candidatures/{applicant.CandidatureId}/submit", applicant.Token)).Status;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            status = 0; // no answer within the client's timeout, or the connection failed
        }
        return (applicant, (Stopwatch.GetElapsedTime(start) - scheduled).TotalMilliseconds, status);
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>The i-th porteur of the bench, with their own subject and token, registers a place; returns its id.</summary>
    public static async Task<(string Subject, string Token, string PlaceId)> RegisterPlaceAsync(BenchPlatform platform, int i)
    {
        var subject = $"porteur-bench-{i}";
        var token = await platform.TokenAsync(subject, Roles.Porteur);
        var place = await platform.JsonAsync(HttpMethod.Post, "/api/directory/places", token, new
        {
            name = $"Fabrique du banc d'essai {i}",
            pivot = "73282932000074",
            address = new { street = $"{i} rue des Ateliers", postalCode = "04350", inseeCode = "04111", commune = "Malijai" },
        });
        return (subject, token, place.GetProperty("id").GetString()!);
    }

    private static async Task<Applicant> RegisterAsync(BenchPlatform platform, int i)
    {
        var (subject, token, placeId) = await RegisterPlaceAsync(platform, i);
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
    /// Polls the notification service as an operator would, until <paramref name="expected"/> acknowledgements are
    /// recorded (written, to be sent by its SMTP sender); returns how long after the call that was.
    /// </summary>
    private static async Task<TimeSpan> WaitForEmailsAsync(BenchPlatform platform, string gestionnaire, int expected)
    {
        var waiting = Stopwatch.StartNew();
        while ((await platform.JsonAsync(HttpMethod.Get, "/api/notifications?pageSize=1", gestionnaire)).GetProperty("total").GetInt64() < expected)
        {
            Bounded(waiting, EmailLimit, "e-mails");
            await Task.Delay(100);
        }
        return waiting.Elapsed;
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

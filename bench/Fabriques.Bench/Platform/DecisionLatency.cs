using System.Diagnostics;
using System.Text.Json;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;

namespace Fabriques.Bench.Platform;

/// <summary>
/// Benchmark 5: from an instructeur's <c>POST …/decision</c> (accepted) to the place labelled in the directory and the
/// porteur's acceptance e-mail recorded by the notification service — candidature → grants → directory and
/// notification, every hop over RabbitMQ. One decision at a time, each polled every 10 ms through the gateway.
/// </summary>
public static class DecisionLatency
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    public static async Task RunAsync(BenchPlatform platform, IReadOnlyList<Applicant> applicants, int decisions, string command)
    {
        await FundEveryAwardAsync(platform);
        var instructeur = await platform.TokenAsync("instructeur-bench", Roles.Instructeur);
        var posts = new List<double>();
        var labelled = new List<double>();
        var emailed = new List<double>();
        var both = new List<double>();
        foreach (var applicant in applicants.Take(decisions))
        {
            var candidature = $"/api/candidatures/{applicant.CandidatureId}";
            await platform.JsonAsync(HttpMethod.Post, $"{candidature}/review", instructeur);
            var clock = Stopwatch.StartNew();
            var decided = await platform.SendAsync(HttpMethod.Post, platform.Gateway, $"{candidature}/decision", instructeur,
                new { decision = "accepted", motivation = "Projet solide, ancré dans son territoire.", score = 85 });
            if (!decided.Ok)
            {
                throw new InvalidOperationException($"decision answered {decided.Status}: {decided.Body}");
            }
            posts.Add(decided.Elapsed.TotalMilliseconds);

            TimeSpan? label = null, email = null;
            while (label is null || email is null)
            {
                if (clock.Elapsed > Limit)
                {
                    throw new TimeoutException($"candidature {applicant.CandidatureId}: label {label}, e-mail {email} after {Limit}");
                }
                label ??= await IsLabelledAsync(platform, applicant) ? clock.Elapsed : null;
                email ??= await HasAcceptanceEmailAsync(platform, applicant) ? clock.Elapsed : null;
                await Task.Delay(Poll);
            }
            labelled.Add(label.Value.TotalMilliseconds);
            emailed.Add(email.Value.TotalMilliseconds);
            both.Add(Math.Max(label.Value.TotalMilliseconds, email.Value.TotalMilliseconds));
        }

        string P(List<double> values) => $"p50 {Figures.F(Figures.Percentile(values, 0.5), 0)} ms / p95 {Figures.F(Figures.Percentile(values, 0.95), 0)} ms";
        Console.WriteLine($"  {decisions} decisions: POST {P(posts)}; labelled {P(labelled)}; e-mail recorded {P(emailed)}; both {P(both)}");
        var p95 = Figures.Percentile(both, 0.95);
        Figures.Row(
            $"Decision → label and e-mail: {decisions} acceptances one at a time, polled every {Poll.TotalMilliseconds:0} ms through the gateway",
            $"place labelled and e-mail recorded: {P(both)}",
            $"the decision's own POST: {P(posts)}",
            Figures.F(p95 / Figures.Percentile(posts, 0.95), 1) + "× (p95)",
            "p95 < 1 s", p95 < 1000, command);
    }

    private static async Task<bool> IsLabelledAsync(BenchPlatform platform, Applicant applicant)
    {
        var place = await platform.JsonAsync(HttpMethod.Get, $"/api/directory/places/{applicant.PlaceId}", applicant.Token);
        return place.GetProperty("labels").GetArrayLength() > 0;
    }

    private static async Task<bool> HasAcceptanceEmailAsync(BenchPlatform platform, Applicant applicant)
    {
        var emails = await platform.JsonAsync(HttpMethod.Get, "/api/notifications?pageSize=20", applicant.Token);
        return emails.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("template").GetString() == "candidature-accepted");
    }

    /// <summary>Raises the programme's envelope so that no acceptance is refused for want of money.</summary>
    private static async Task FundEveryAwardAsync(BenchPlatform platform)
    {
        var gestionnaire = await platform.TokenAsync("anct-bench", Roles.Gestionnaire);
        var read = await platform.SendAsync(HttpMethod.Get, platform.Gateway, "/api/grants/programme", gestionnaire);
        var programme = JsonDocument.Parse(read.Body).RootElement;
        await platform.JsonAsync(HttpMethod.Put, "/api/grants/programme", gestionnaire,
            ProgrammeSettings.From(programme, envelope: 1_000_000_000m), read.ETag);
    }
}

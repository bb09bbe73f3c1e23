using System.Collections.Concurrent;
using System.Diagnostics;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;

namespace Fabriques.Bench.Platform;

/// <summary>
/// Benchmark 1: requests per second and latency of one directory read (<c>GET /api/directory/places/{id}</c>) through the
/// gateway and straight to the directory service, in alternating slices of the same run, by the same closed-loop
/// clients (each sends its next request when the previous one is answered); and the CPU milliseconds each process
/// (gateway, directory service) spends per request on each path, from <c>/proc</c>.
/// </summary>
public static class GatewayOverhead
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Registers <paramref name="places"/> places through the gateway, then runs the benchmark on them: this benchmark
    /// alone, on a platform that has served nothing else.
    /// </summary>
    public static async Task RunAloneAsync(BenchPlatform platform, int places, int clients, TimeSpan slice, int rounds, string command)
    {
        var ids = new string[places];
        await Parallel.ForEachAsync(Enumerable.Range(0, places), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => ids[i] = (await SubmissionRates.RegisterPlaceAsync(platform, i + 1)).PlaceId);
        await RunAsync(platform, ids, clients, slice, rounds, command);
    }

    public static async Task RunAsync(BenchPlatform platform, IReadOnlyList<string> placeIds, int clients, TimeSpan slice, int rounds, string command)
    {
        var token = await platform.TokenAsync("porteur-lecteur", Roles.Porteur);
        var ids = placeIds.Take(1000).ToArray();
        var direct = platform.ServiceEndpoint(ResourceNames.Directory);
        await LoadAsync(platform, platform.Gateway, token, ids, clients, Warmup);
        await LoadAsync(platform, direct, token, ids, clients, Warmup);
        // What each process burns with no traffic (health probes, background loops, telemetry export), per second: on a
        // loaded machine and at a low request rate it is a large part of the CPU per request, and is not the request's.
        var idleBefore = ProcessStats.Sample();
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(slice);
        var idlePerSecond = ProcessStats.CpuBetween(idleBefore, ProcessStats.Sample()).ToDictionary(c => c.Key, c => c.Value / idleClock.Elapsed.TotalSeconds);

        var sides = new Dictionary<string, (List<double> Rates, List<double> Latencies, Dictionary<string, double> Cpu)>
        {
            ["direct"] = ([], [], []),
            ["gateway"] = ([], [], []),
        };
        var seconds = new Dictionary<string, double>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (side, root) in new[] { ("direct", direct), ("gateway", platform.Gateway) })
            {
                var cpuBefore = ProcessStats.Sample();
                var (rate, latencies, errors) = await LoadAsync(platform, root, token, ids, clients, slice);
                foreach (var (process, used) in ProcessStats.CpuBetween(cpuBefore, ProcessStats.Sample()))
                {
                    sides[side].Cpu[process] = sides[side].Cpu.GetValueOrDefault(process) + used;
                }
                sides[side].Rates.Add(rate);
                seconds[side] = seconds.GetValueOrDefault(side) + latencies.Count / rate;
                sides[side].Latencies.AddRange(latencies);
                Console.WriteLine($"  round {round} {side}: {Figures.F(rate, 0)} req/s, p50 {Figures.F(Figures.Percentile(latencies, 0.5), 2)} ms, " +
                                  $"p99 {Figures.F(Figures.Percentile(latencies, 0.99), 2)} ms, {errors} errors; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            }
        }

        var (directRate, gatewayRate) = (Figures.Median(sides["direct"].Rates), Figures.Median(sides["gateway"].Rates));
        string Latency(string side) =>
            $"p50 {Figures.F(Figures.Percentile(sides[side].Latencies, 0.5), 2)} ms / p99 {Figures.F(Figures.Percentile(sides[side].Latencies, 0.99), 2)} ms";
        // CPU milliseconds per request of the gateway and of the directory service, over all the side's slices.
        string Cpu(string side, bool netOfIdle = false)
        {
            var requests = sides[side].Latencies.Count;
            return string.Join(", ", new[] { ResourceNames.Gateway, ResourceNames.Directory }.Select(process =>
            {
                bool Of(string name) => name.EndsWith(ProcessSuffix(process), StringComparison.OrdinalIgnoreCase);
                var used = sides[side].Cpu.Where(c => Of(c.Key)).Sum(c => c.Value) - (netOfIdle ? idlePerSecond.Where(c => Of(c.Key)).Sum(c => c.Value) * seconds[side] : 0);
                return $"{process} {Figures.F(used / requests, 2)} CPU ms/req";
            }));
        }
        Console.WriteLine($"  CPU per request: through the gateway {Cpu("gateway")}; direct {Cpu("direct")}");
        Console.WriteLine($"  idle, no traffic: {string.Join(", ", idlePerSecond.Select(c => $"{c.Key} {Figures.F(c.Value, 0)} CPU ms/s"))}; " +
                          $"CPU per request net of it: through the gateway {Cpu("gateway", netOfIdle: true)}; direct {Cpu("direct", netOfIdle: true)}");
        var ratio = gatewayRate / directRate;
        Figures.Row(
            $"Gateway overhead: directory read by id, {clients} closed-loop clients, median of {rounds} alternating {slice.TotalSeconds:0} s slices",
            $"gateway {Figures.F(gatewayRate, 0)} req/s, {Latency("gateway")}; {Cpu("gateway")}",
            $"directory service direct {Figures.F(directRate, 0)} req/s, {Latency("direct")}; {Cpu("direct")}",
            Figures.F(ratio, 2), "≥ 0.90", ratio >= 0.9, command);
    }

    /// <summary>The process name's end for a resource name (<c>directory</c> runs as <c>Fabriques.Directory</c>).</summary>
    private static string ProcessSuffix(string resource) => "." + resource;

    private static async Task<(double Rate, List<double> Latencies, int Errors)> LoadAsync(
        BenchPlatform platform, Uri root, string token, string[] ids, int clients, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var id = ids[(int)((uint)Interlocked.Increment(ref next) % ids.Length)];
                var answer = await platform.SendAsync(HttpMethod.Get, root, $"/api/directory/places/{id}", token);
                latencies.Add(answer.Elapsed.TotalMilliseconds);
                if (!answer.Ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        return (latencies.Count / clock.Elapsed.TotalSeconds, latencies.ToList(), errors);
    }
}

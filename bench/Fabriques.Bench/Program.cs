using System.Globalization;
using Fabriques.Bench;
using Fabriques.Bench.Platform;

// Benchmarks run on demand, never in CI; each bounded in size and time, traffic only to 127.0.0.1.
// The platform benchmarks start the AppHost, whose smtp4dev ports are fixed: run them under `flock /tmp/fabriques-e2e.lock`.
const string Prefix = "eng/prerequisites.sh dotnet run -c Release --project bench/Fabriques.Bench --";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
var command = $"{Prefix} {string.Join(' ', args)}";
// The machine is shared: say how busy it was, since absolute figures depend on it (ratios much less).
Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
using var loadAtEnd = new Finally(() => Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}"));

switch (args)
{
    case ["messaging", ..]:
        return await MessagingThroughput.RunAsync(Arg(1, 5_000), Arg(2, 5));
    case ["platform", ..]:
        // Idle cost first, on the fresh platform; then benchmarks 2, 1 and 5: the submissions' places are what the gateway
        // benchmark reads, and their submitted candidatures what the decisions accept.
        await using (var platform = await BenchPlatform.StartAsync())
        {
            var rates = args.Length > 1 ? args[1].Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray() : [25, 50, 100, 200, 400];
            await IdleCost.RunAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(Arg(5, 60)), $"flock /tmp/fabriques-e2e.lock {command}");
            var applicants = await SubmissionRates.RunAsync(platform, rates, TimeSpan.FromSeconds(Arg(2, 60)), $"flock /tmp/fabriques-e2e.lock {command}");
            await GatewayOverhead.RunAsync(platform, [.. applicants.Select(a => a.PlaceId)], Arg(3, 32), TimeSpan.FromSeconds(5), 3, $"flock /tmp/fabriques-e2e.lock {command}");
            await DecisionLatency.RunAsync(platform, applicants, Arg(4, 50), $"flock /tmp/fabriques-e2e.lock {command}");
        }
        return 0;
    case ["gateway", ..]:
        // Benchmark 1 alone, for measuring a change to the per-request path without the rest of the platform run.
        await using (var platform = await BenchPlatform.StartAsync())
        {
            await GatewayOverhead.RunAloneAsync(platform, Arg(1, 200), Arg(2, 32), TimeSpan.FromSeconds(Arg(4, 5)), Arg(3, 3), $"flock /tmp/fabriques-e2e.lock {command}");
        }
        return 0;
    case ["idle", ..]:
        // The idle cost alone, without the traffic the platform benchmark then sends. A longer settling measures the
        // steady state, once the tiered JIT has stopped recompiling what the start-up ran (it dominates the first minutes).
        await using (await BenchPlatform.StartAsync())
        {
            await IdleCost.RunAsync(TimeSpan.FromSeconds(Arg(2, 30)), TimeSpan.FromSeconds(Arg(1, 60)), $"flock /tmp/fabriques-e2e.lock {command}");
        }
        return 0;
    case ["coldstart", ..]:
        return await ColdStart.RunAsync(Directory.GetCurrentDirectory(), Arg(1, 3), $"flock /tmp/fabriques-e2e.lock {command}");
    default:
        Console.Error.WriteLine("""
            usage: Fabriques.Bench messaging [events=5000] [runs=5]     (after a warm-up run of each side)
                   Fabriques.Bench platform [rates=25,50,100,200,400] [secondsPerRate=60] [readClients=32] [decisions=50] [idleSeconds=60]
                   Fabriques.Bench gateway [places=200] [readClients=32] [rounds=3] [secondsPerSlice=5]
                   Fabriques.Bench idle [idleSeconds=60] [settleSeconds=30]     (the platform benchmark's idle part alone)
                   Fabriques.Bench coldstart [runs=3]     (from the repository root; the Release build of this bench builds the AppHost)
            """);
        return 2;
}

internal sealed class Finally(Action action) : IDisposable
{
    public void Dispose() => action();
}

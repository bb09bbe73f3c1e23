using System.Diagnostics;

namespace Fabriques.Bench.Platform;

/// <summary>
/// What each service costs with the platform up and no traffic: share of one core (CPU time over the window) and
/// resident memory, measured after the start-up work (migrations, JIT, first health checks) has settled. Every replica
/// in a cluster pays it.
/// </summary>
public static class IdleCost
{
    private const double CpuGoalPercent = 0.5;
    private const long MemoryGoalMiB = 120;

    public static async Task RunAsync(TimeSpan settle, TimeSpan window, string command)
    {
        await Task.Delay(settle); // the start-up work (tiered JIT, first health checks and samples) is not idle cost
        var before = ProcessStats.Sample();
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var after = ProcessStats.Sample();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var used = ProcessStats.CpuBetween(before, after);

        var met = true;
        var cells = new List<string>();
        foreach (var sample in after)
        {
            var percent = used.GetValueOrDefault(sample.Service) / elapsed * 100;
            var mebibytes = sample.ResidentBytes / 1024.0 / 1024.0;
            met &= percent < CpuGoalPercent && mebibytes <= MemoryGoalMiB;
            Console.WriteLine($"  idle {sample.Service}: {Figures.F(percent, 2)} % of a core, {Figures.F(mebibytes, 0)} MiB resident");
            cells.Add($"{sample.Service.Replace("Fabriques.", "", StringComparison.Ordinal)} {Figures.F(percent, 2)} % / {Figures.F(mebibytes, 0)} MiB");
        }
        Figures.Row(
            $"Idle cost per process: platform up, no traffic, {window.TotalSeconds:0} s after {settle.TotalSeconds:0} s of settling",
            string.Join("; ", cells), "—", "—", $"< {CpuGoalPercent} % of a core and ≤ {MemoryGoalMiB} MiB each", met, command);
    }
}

using System.Diagnostics;

namespace Fabriques.Bench.DirectorySearch;

/// <summary>Runs a call sequentially and reports its latency percentiles.</summary>
public static class Latency
{
    public sealed record Result(double P50, double P95, double MeanTotal);

    /// <param name="call">The i-th call; returns how many rows the query found, to show the queries compare.</param>
    public static async Task<Result> MeasureAsync(int warmup, int count, Func<int, Task<long>> call)
    {
        for (var i = 0; i < warmup; i++)
        {
            await call(i);
        }
        var milliseconds = new double[count];
        long found = 0;
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            found += await call(i);
            milliseconds[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(milliseconds);
        return new Result(Percentile(milliseconds, 0.50), Percentile(milliseconds, 0.95), (double)found / count);
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
}

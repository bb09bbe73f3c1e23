using System.Globalization;

namespace Fabriques.Bench;

/// <summary>Percentiles, medians and the markdown row each benchmark prints for docs/benchmarks.md.</summary>
public static class Figures
{
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 0.5);

    public static string F(double value, int decimals = 1) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);

    /// <summary>One line of the table: benchmark, figure, baseline, ratio, goal, met, command, date.</summary>
    public static void Row(string benchmark, string figure, string baseline, string ratio, string goal, bool met, string command) =>
        Console.WriteLine($"| {benchmark} | {figure} | {baseline} | {ratio} | {goal} | {(met ? "yes" : "no")} | `{command}` | {DateTime.UtcNow:yyyy-MM-dd} |");
}

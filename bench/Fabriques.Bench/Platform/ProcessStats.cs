using System.Globalization;

namespace Fabriques.Bench.Platform;

/// <summary>One platform process as Linux counts it: CPU time used so far, resident memory now and at its peak.</summary>
public sealed record ProcessSample(string Service, int Pid, double CpuMilliseconds, long ResidentBytes, long PeakResidentBytes);

/// <summary>
/// CPU time (utime + stime of <c>/proc/PID/stat</c>) and resident memory (VmRSS, VmHWM of <c>/proc/PID/status</c>) of
/// the platform's .NET processes: what a process costs the machine, whoever asked for the work.
/// </summary>
public static class ProcessStats
{
    public static readonly string[] Services =
        ["Fabriques.Directory", "Fabriques.Candidature", "Fabriques.Grants", "Fabriques.Notification", "Fabriques.Gateway"];

    /// <summary>Linux reports CPU time in clock ticks of USER_HZ, 100 a second on every architecture .NET runs on.</summary>
    private const double MillisecondsPerTick = 10;

    /// <summary>A sample of every service process (this machine runs one of each here), in the order of <see cref="Services"/>.</summary>
    public static IReadOnlyList<ProcessSample> Sample()
    {
        var samples = new List<ProcessSample>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || Read(Path.Combine(directory, "cmdline")) is not { } commandLine)
            {
                continue;
            }
            // The AppHost starts each project as `dotnet <Project>.dll` or as its apphost executable.
            var arguments = commandLine.Split('\0', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(Path.GetFileName);
            var service = Services.FirstOrDefault(s => arguments.Any(a => a == s || a == s + ".dll"));
            if (service is not null && Read(Path.Combine(directory, "stat")) is { } stat && Read(Path.Combine(directory, "status")) is { } status)
            {
                samples.Add(new ProcessSample(service, pid, CpuMilliseconds(stat), Kibibytes(status, "VmRSS:") * 1024, Kibibytes(status, "VmHWM:") * 1024));
            }
        }
        return samples.OrderBy(s => Array.IndexOf(Services, s.Service)).ToList();
    }

    /// <summary>CPU milliseconds each service used between two samples.</summary>
    public static IReadOnlyDictionary<string, double> CpuBetween(IReadOnlyList<ProcessSample> before, IReadOnlyList<ProcessSample> after) =>
        after.Join(before, a => a.Pid, b => b.Pid, (a, b) => (a.Service, Used: a.CpuMilliseconds - b.CpuMilliseconds))
            .ToDictionary(x => x.Service, x => x.Used);

    private static double CpuMilliseconds(string stat)
    {
        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * MillisecondsPerTick;
    }

    private static long Kibibytes(string status, string field) =>
        status.Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)
            : 0;

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null; // the process ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

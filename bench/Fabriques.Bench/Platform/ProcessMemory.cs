namespace Fabriques.Bench.Platform;

/// <summary>Peak resident memory of the platform's service processes, as Linux counts it (VmHWM in /proc/PID/status).</summary>
public static class ProcessMemory
{
    private static readonly string[] Services =
        ["Fabriques.Directory", "Fabriques.Candidature", "Fabriques.Grants", "Fabriques.Notification", "Fabriques.Gateway"];

    /// <summary>Bytes per service: the high-water mark of its process since it started (this machine only runs one of each here).</summary>
    public static IReadOnlyList<(string Service, long PeakBytes)> PeakOfServices()
    {
        var peaks = new List<(string, long)>();
        foreach (var directory in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _) || Read(Path.Combine(directory, "cmdline")) is not { } commandLine)
            {
                continue;
            }
            // The AppHost starts each project as `dotnet <Project>.dll` or as its apphost executable.
            var arguments = commandLine.Split('\0', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(Path.GetFileName);
            var service = Services.FirstOrDefault(s => arguments.Any(a => a == s || a == s + ".dll"));
            if (service is not null && Read(Path.Combine(directory, "status")) is { } status)
            {
                var line = status.Split('\n').FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (line is not null)
                {
                    peaks.Add((service, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024));
                }
            }
        }
        return peaks.OrderBy(p => Array.IndexOf(Services, p.Item1)).ToList();
    }

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

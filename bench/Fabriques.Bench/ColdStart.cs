using System.Diagnostics;
using System.Globalization;

namespace Fabriques.Bench;

/// <summary>
/// Benchmark 6: <c>dotnet run -c Release --project AppHost --launch-profile http --no-build</c> (the README's command,
/// already built — in Release, as this benchmark itself is) until every resource is healthy. The gateway is started only once the four services are healthy (each after
/// its database and RabbitMQ), so the gateway's <c>/health</c> answering 200 on its launch-profile port, with smtp4dev's
/// web UI answering, means the whole platform is up. Each run stops the AppHost (SIGTERM) and waits for its ports to be
/// free before the next.
/// </summary>
public static class ColdStart
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private static readonly Uri GatewayHealth = new("http://127.0.0.1:5080/health");
    private static readonly Uri SmtpWebUi = new("http://127.0.0.1:5025/");

    public static async Task<int> RunAsync(string repository, int runs, string command)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        if (await AnswersAsync(http, GatewayHealth) || await AnswersAsync(http, SmtpWebUi))
        {
            Console.Error.WriteLine("A platform already answers on :5080 or :5025; stop it first (and take /tmp/e2e.lock).");
            return 1;
        }
        var seconds = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            seconds.Add(await StartOnceAsync(http, repository));
            Console.WriteLine(FormattableString.Invariant($"  run {run}: every resource healthy after {seconds[^1]:F1} s"));
        }
        var median = Figures.Median(seconds);
        Figures.Row($"Cold start: AppHost (built) to every resource healthy, median of {runs}",
            $"{Figures.F(median)} s (runs: {string.Join(" / ", seconds.Select(s => Figures.F(s)))})", "—", "—", "< 60 s", median < 60, command);
        return 0;
    }

    private static async Task<double> StartOnceAsync(HttpClient http, string repository)
    {
        var start = new ProcessStartInfo("dotnet", ["run", "-c", "Release", "--project", "AppHost", "--launch-profile", "http", "--no-build"])
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        using var appHost = Process.Start(start) ?? throw new InvalidOperationException("dotnet run did not start");
        _ = appHost.StandardOutput.ReadToEndAsync(); // drained, so that the AppHost never blocks on a full pipe
        _ = appHost.StandardError.ReadToEndAsync();
        try
        {
            while (!(await AnswersAsync(http, GatewayHealth) && await AnswersAsync(http, SmtpWebUi)))
            {
                if (clock.Elapsed > Limit || appHost.HasExited)
                {
                    throw new TimeoutException($"not healthy after {clock.Elapsed} (AppHost exited: {appHost.HasExited})");
                }
                await Task.Delay(100);
            }
            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await StopAsync(appHost);
            await WaitForPortsFreeAsync(http);
        }
    }

    /// <summary>SIGTERM to the AppHost under <c>dotnet run</c>: it stops its resources and DCP removes its containers.</summary>
    private static async Task StopAsync(Process dotnetRun)
    {
        foreach (var pid in Descendants(dotnetRun.Id).Prepend(dotnetRun.Id).Where(IsAppHost))
        {
            Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
        }
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await dotnetRun.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            dotnetRun.Kill(entireProcessTree: true);
        }
    }

    private static async Task WaitForPortsFreeAsync(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        while ((await AnswersAsync(http, GatewayHealth) || await AnswersAsync(http, SmtpWebUi)) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(500);
        }
        await Task.Delay(TimeSpan.FromSeconds(5)); // DCP finishes removing the containers
    }

    private static async Task<bool> AnswersAsync(HttpClient http, Uri uri)
    {
        try
        {
            using var response = await http.GetAsync(uri);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static bool IsAppHost(int pid) =>
        File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("Fabriques.AppHost", StringComparison.Ordinal);

    private static IEnumerable<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid))
            {
                try
                {
                    // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // ended meanwhile
                }
            }
        }
        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        }
        return found;
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Fabriques.Testing;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// The TypeScript client of <c>clients/typescript</c>, as a frontend team uses it: built from its locked packages, its
/// flow (<c>e2e/flow.ts</c>) run with node against the platform's gateway — register a place, draft and submit a
/// candidature, an instructeur examines and rejects it, the porteur reads the decision — then checked here over
/// plain HTTP.
/// </summary>
public sealed class TypeScriptClientTests(Platform platform)
{
    private static readonly string ClientFolder = Path.Combine(Repository.Root, "clients", "typescript");

    [Fact]
    public async Task A_frontend_drives_a_candidature_to_its_decision_with_the_typed_client()
    {
        await OpenWave.EnsureAsync(await GatewayClient.SignInAsync(platform.Gateway, "anct-typescript", "gestionnaire"));
        await RunAsync("npm", "ci --no-audit --no-fund --loglevel=error", TimeSpan.FromMinutes(10));
        await RunAsync("npm", "run --silent build", TimeSpan.FromMinutes(5));
        var run = Guid.CreateVersion7().ToString("N")[^12..];

        var output = await RunAsync("node", "dist/e2e/flow.js", TimeSpan.FromMinutes(3), new()
        {
            ["FABRIQUES_GATEWAY"] = platform.Gateway.BaseAddress!.ToString(),
            ["FABRIQUES_RUN"] = run,
        });

        var seen = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal("submitted", seen.GetProperty("submittedState").GetString());
        Assert.Equal("rejected", seen.GetProperty("state").GetString());
        Assert.Equal(["submitted", "under-review", "rejected"], seen.GetProperty("moves").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("modèle économique", seen.GetProperty("decisionMotivation").GetString(), StringComparison.Ordinal);

        // What the client saw is what the platform holds, read without it.
        var porteur = await GatewayClient.SignInAsync(platform.Gateway, $"porteur-ts-{run}", "porteur");
        var candidature = await porteur.JsonAsync(HttpMethod.Get, $"/api/candidatures/{seen.GetProperty("candidatureId").GetString()}");
        Assert.Equal("rejected", candidature.GetProperty("state").GetString());
        Assert.Equal(seen.GetProperty("placeId").GetString(), candidature.GetProperty("placeId").GetString());
        var place = await porteur.JsonAsync(HttpMethod.Get, $"/api/directory/places/{seen.GetProperty("placeId").GetString()}");
        Assert.Equal($"La Fabrique typée {run}", place.GetProperty("name").GetString());
    }

    /// <summary>Runs a command in the client's folder; its standard output, or a failure with both outputs.</summary>
    private static async Task<string> RunAsync(string command, string arguments, TimeSpan timeout, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = ClientFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} {arguments} did not finish within {timeout}: {await stderr}");
        }
        Assert.True(process.ExitCode == 0, $"{command} {arguments} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// The open wave candidatures are submitted to, created once however many tests ask at the same moment: waves may not
/// overlap, so two tests each creating "the" open wave would see the second refused.
/// </summary>
internal static class OpenWave
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The id of the open wave, created (open for 30 days) when there is none.</summary>
    public static async Task<string> EnsureAsync(GatewayClient gestionnaire)
    {
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            var waves = await gestionnaire.JsonAsync(HttpMethod.Get, "/api/candidatures/waves?pageSize=200");
            var open = waves.GetProperty("items").EnumerateArray().FirstOrDefault(w => w.GetProperty("state").GetString() == "open");
            if (open.ValueKind == System.Text.Json.JsonValueKind.Undefined)
            {
                var now = DateTimeOffset.UtcNow;
                open = await gestionnaire.JsonAsync(HttpMethod.Post, "/api/candidatures/waves",
                    new { name = "Vague de test", opensAt = now.AddMinutes(-1), deadline = now.AddDays(30), maxLaureates = 30 });
            }
            return open.GetProperty("id").GetString()!;
        }
        finally
        {
            Gate.Release();
        }
    }
}

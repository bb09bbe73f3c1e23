using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fabriques.Grants.Tests.Support;

/// <summary>The settings a gestionnaire puts with <c>PUT /programme</c>.</summary>
public sealed record Settings(
    decimal Envelope, int Qpv, int OutsideLargeUrbanCentres, int Digital, decimal MaxPerYear, decimal MinTotal, decimal MaxTotal,
    decimal DigitalBonus)
{
    public object ToBody() => new
    {
        envelope = Envelope,
        targets = new { qpv = Qpv, outsideLargeUrbanCentres = OutsideLargeUrbanCentres, digital = Digital },
        caps = new { maxPerYear = MaxPerYear, minTotal = MinTotal, maxTotal = MaxTotal },
        digitalBonus = DigitalBonus,
    };
}

/// <summary><c>/api/grants/programme</c> as a client uses it.</summary>
public static class ProgrammeApi
{
    public const string Path = "/api/grants/programme";

    public static async Task<(JsonElement Programme, Settings Settings, string ETag)> ReadAsync(HttpClient client)
    {
        using var response = await client.GetAsync(Path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var programme = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var targets = programme.GetProperty("targets");
        var caps = programme.GetProperty("caps");
        var settings = new Settings(
            programme.GetProperty("envelope").GetDecimal(),
            targets.GetProperty("qpv").GetProperty("target").GetInt32(),
            targets.GetProperty("outsideLargeUrbanCentres").GetProperty("target").GetInt32(),
            targets.GetProperty("digital").GetProperty("target").GetInt32(),
            caps.GetProperty("maxPerYear").GetDecimal(),
            caps.GetProperty("minTotal").GetDecimal(),
            caps.GetProperty("maxTotal").GetDecimal(),
            programme.GetProperty("digitalBonus").GetDecimal());
        return (programme, settings, response.Headers.ETag!.ToString());
    }

    public static async Task<HttpResponseMessage> PutAsync(HttpClient client, object body, string? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Path) { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.IfMatch.ParseAdd(etag);
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Reads the programme, changes its settings with <paramref name="change"/> (given the current programme) and puts them.</summary>
    public static async Task<JsonElement> UpdateAsync(HttpClient gestionnaire, Func<Settings, JsonElement, Settings> change)
    {
        var (programme, settings, etag) = await ReadAsync(gestionnaire);
        using var response = await PutAsync(gestionnaire, change(settings, programme).ToBody(), etag);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Sets the targets, the envelope and the caps so that exactly this many more grants, and euros, fit whatever
    /// earlier tests on the same host awarded or changed.
    /// </summary>
    public static Task<JsonElement> LeaveRoomAsync(
        HttpClient gestionnaire, int qpv = 100, int outside = 100, int digital = 20, decimal euros = 10_000_000m) =>
        UpdateAsync(gestionnaire, (settings, programme) => settings with
        {
            Qpv = programme.Count("qpv") + qpv,
            OutsideLargeUrbanCentres = programme.Count("outsideLargeUrbanCentres") + outside,
            // Digital fabriques are part of the QPV target: theirs cannot exceed it.
            Digital = Math.Min(programme.Count("digital") + digital, programme.Count("qpv") + qpv),
            Envelope = programme.GetProperty("committed").GetDecimal() + euros,
            // The programme's own caps, whatever an earlier test on the same host set.
            MaxPerYear = 50_000m,
            MinTotal = 75_000m,
            MaxTotal = 150_000m,
        });

    public static int Count(this JsonElement programme, string target) =>
        programme.GetProperty("targets").GetProperty(target).GetProperty("count").GetInt32();
}

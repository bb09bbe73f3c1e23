using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Fabriques.Directory.Tests;

/// <summary>What the tests send to the directory and read back: bodies, routes, and the calls every test makes.</summary>
public static class DirectoryApi
{
    public const string Places = "/api/directory/places";
    public const string Imports = "/api/directory/imports";
    public const string Stats = "/api/directory/stats";

    /// <summary>A SIRET with a valid Luhn key (Apple France's, a usual example).</summary>
    public const string Siret = "73282932000074";

    /// <summary>The smallest body a porteur may register: name, pivot and address.</summary>
    public static object MinimalPlace(string name = "Lieu", string inseeCode = "13055", string postalCode = "13001", string commune = "Marseille") => new
    {
        name,
        pivot = Siret,
        address = new { street = "1 rue de la République", postalCode, inseeCode, commune },
    };

    /// <summary>A place with every field of the contract.</summary>
    public static object FullPlace(string name, double latitude = 43.2965, double longitude = 5.3698, string? territoryKind = "qpv",
        string[]? kinds = null, string description = "Tiers-lieu numérique du centre-ville.") => new
    {
        name,
        description,
        pivot = Siret,
        kinds = kinds ?? ["coworking", "fablab"],
        roles = new[] { "digital-inclusion", "training" },
        address = new { street = "18 rue Colbert", complement = "2e étage", postalCode = "13001", inseeCode = "13055", commune = "Marseille" },
        location = new { latitude, longitude },
        territory = territoryKind is null ? null : new { kind = territoryKind, qpvCode = territoryKind == "qpv" ? "QN01306M" : null },
        contact = new { email = "contact@exemple.fr", phone = "04 91 00 00 00", website = "https://www.exemple.fr" },
    };

    /// <summary>Registers a place and returns it, failing the test if the directory refuses.</summary>
    public static async Task<JsonElement> RegisterAsync(this HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(Places, body, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>Reads a place and its ETag.</summary>
    public static async Task<(JsonElement Place, string ETag)> ReadAsync(this HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"{Places}/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken), response.Headers.ETag!.ToString());
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string uri)
    {
        using var response = await client.GetAsync(uri, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>Sends a CSV to <c>POST /imports</c>.</summary>
    public static Task<HttpResponseMessage> PostCsvAsync(this HttpClient client, string csv, bool byteOrderMark = false)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        var content = new ByteArrayContent(byteOrderMark ? [.. Encoding.UTF8.Preamble, .. bytes] : bytes);
        content.Headers.ContentType = new("text/csv");
        return client.PostAsync(Imports, content, TestContext.Current.CancellationToken);
    }

    /// <summary>Imports a CSV the directory must accept, and returns its report.</summary>
    public static async Task<JsonElement> ImportAsync(this HttpClient client, string csv, bool byteOrderMark = false)
    {
        using var response = await client.PostCsvAsync(csv, byteOrderMark);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>Asserts a 400 validation problem, and returns it.</summary>
    public static async Task<JsonElement> ValidationProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>The fields a validation problem names, in ordinal order.</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal)];

    public static Guid Id(this JsonElement place) => place.GetProperty("id").GetGuid();

    /// <summary>A word no other test uses, to find one test's places with <c>q</c>.</summary>
    public static string UniqueWord() => "t" + Guid.NewGuid().ToString("N")[..10];
}

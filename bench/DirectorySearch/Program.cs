extern alias directory;

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Bench.DirectorySearch;
using directory::Fabriques.Directory.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using Npgsql;

// Directory search with 100 000 places: the API through the gateway, the API alone, and the same queries in raw SQL,
// on the same database in the same run. Usage: eng/prerequisites.sh dotnet run -c Release --project bench/DirectorySearch [places] [requests]
var places = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var requests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
const int Warmup = 100;

ContentRoots.Set();
await using var infrastructure = new Infrastructure(); // declared first, disposed last
await infrastructure.InitializeAsync();
await using var directory = new DirectoryService(infrastructure);
await directory.InitializeAsync();
await using var gateway = new Gateway(directory.Address);
using var throughGateway = gateway.CreateClient();
using var direct = directory.CreateClient();

// Loaded through the import path, as a national file would be.
var csv = Path.Combine(Path.GetTempPath(), $"bench-places-{places}.csv");
await PlaceGenerator.WriteCsvAsync(csv, places);
using (var gestionnaire = directory.CreateClient("bench", Roles.Gestionnaire))
{
    gestionnaire.Timeout = TimeSpan.FromHours(1);
    var started = Stopwatch.StartNew();
    await using var file = File.OpenRead(csv);
    using var imported = await gestionnaire.PostAsync("/api/directory/imports", new StreamContent(file));
    var report = await imported.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
    Console.WriteLine($"Import of {new FileInfo(csv).Length / 1024 / 1024} MB: {report.GetProperty("created").GetInt32()} created, " +
                      $"{report.GetProperty("rejected").GetArrayLength()} rejected, {started.Elapsed.TotalSeconds:F0} s");
}
await using var database = NpgsqlDataSource.Create(directory.DatabaseConnectionString);
await WaitForOutboxAsync(database);
await using (var analyze = database.CreateCommand("VACUUM ANALYZE places"))
{
    await analyze.ExecuteNonQueryAsync();
}

var departments = PlaceGenerator.Departments();
string[] words = ["numerique", "solidaire", "partage", "creatif", "citoyen", "rural", "culturel"];
var textQueries = Enumerable.Range(0, 50).Select(i => (Word: words[i % words.Length], Department: departments[i * 7 % departments.Count].Code)).ToArray();
var radiusQueries = Enumerable.Range(0, 50).Select(i => departments[i * 11 % departments.Count].Localisation).ToArray();
const double RadiusKm = 10;

var results = new List<(string Name, Latency.Result Result)>
{
    ("text + département, gateway", await Latency.MeasureAsync(Warmup, requests, i =>
        GetAsync(throughGateway, $"/api/directory/places?q={textQueries[i % 50].Word}&department={textQueries[i % 50].Department}"))),
    ("text + département, service", await Latency.MeasureAsync(Warmup, requests, i =>
        GetAsync(direct, $"/api/directory/places?q={textQueries[i % 50].Word}&department={textQueries[i % 50].Department}"))),
    ("text + département, raw SQL", await Latency.MeasureAsync(Warmup, requests, i =>
        RawSql.TextAsync(database, textQueries[i % 50].Word, textQueries[i % 50].Department))),
    ("radius 10 km, gateway", await Latency.MeasureAsync(Warmup, requests, i =>
        GetAsync(throughGateway, Near(radiusQueries[i % 50], RadiusKm)))),
    ("radius 10 km, service", await Latency.MeasureAsync(Warmup, requests, i =>
        GetAsync(direct, Near(radiusQueries[i % 50], RadiusKm)))),
    ("radius 10 km, raw SQL", await Latency.MeasureAsync(Warmup, requests, i =>
        RawSql.RadiusAsync(database, radiusQueries[i % 50].Latitude, radiusQueries[i % 50].Longitude, RadiusKm))),
};

Console.WriteLine();
Console.WriteLine($"{places} places, {requests} sequential requests per line after {Warmup} of warm-up");
Console.WriteLine();
Console.WriteLine("| query | p50 (ms) | p95 (ms) | mean rows found |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var (name, result) in results)
{
    Console.WriteLine(FormattableString.Invariant($"| {name} | {result.P50:F2} | {result.P95:F2} | {result.MeanTotal:F0} |"));
}

// How PostgreSQL answers one query of each kind: the indexes it uses, and where the time goes.
Console.WriteLine();
foreach (var (name, sql) in RawSql.Explained(textQueries[0].Word, textQueries[0].Department, radiusQueries[0].Latitude, radiusQueries[0].Longitude, RadiusKm))
{
    await using var explain = database.CreateCommand($"EXPLAIN (ANALYZE, COSTS OFF) {sql}");
    Console.WriteLine($"{name}:");
    await using var plan = await explain.ExecuteReaderAsync();
    while (await plan.ReadAsync())
    {
        Console.WriteLine("    " + plan.GetString(0));
    }
}

static string Near(PlaceGenerator.Centre centre, double radiusKm) => FormattableString.Invariant(
    $"/api/directory/places?near={centre.Latitude + 0.05:F4},{centre.Longitude + 0.05:F4}&radiusKm={radiusKm}");

static async Task<long> GetAsync(HttpClient client, string uri)
{
    using var response = await client.GetAsync(uri);
    var page = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
    return page.GetProperty("total").GetInt64();
}

static async Task WaitForOutboxAsync(NpgsqlDataSource database)
{
    // The relay publishes one PlaceRegistered per imported place: measure once it is idle, not while it works.
    await using var pending = database.CreateCommand("SELECT count(*) FROM messaging.outbox_messages WHERE sent_at IS NULL");
    var started = Stopwatch.StartNew();
    while ((long)(await pending.ExecuteScalarAsync())! > 0)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
    }
    Console.WriteLine($"Outbox drained in {started.Elapsed.TotalSeconds:F0} s more");
}

/// <summary>The API's two statements (count, then the page of 50 with labels) written by hand, read to the last column.</summary>
internal static class RawSql
{
    private const string Page = """
        SELECT p1.*, p0.place_id, p0.grant_id, p0.label, p0.since
        FROM (SELECT p.* FROM places AS p WHERE {0} ORDER BY {1} LIMIT 50) AS p1
        LEFT JOIN place_labels AS p0 ON p1.id = p0.place_id
        ORDER BY {2}, p0.place_id
        """;

    private const string TextFilter = "p.archived_at IS NULL AND p.department_code = $1 AND p.search_text LIKE search_normalize($2) ESCAPE '\\'";

    private const string Distance = "12742.0176 * asin(sqrt(least(1, power(sin(radians(p.location_latitude - $1) / 2), 2) " +
                                    "+ cos(radians($1)) * cos(radians(p.location_latitude)) * power(sin(radians(p.location_longitude - $2) / 2), 2))))";

    private const string RadiusFilter = "p.archived_at IS NULL AND p.location_latitude IS NOT NULL " +
                                        "AND p.location_latitude BETWEEN $3 AND $4 AND p.location_longitude BETWEEN $5 AND $6 AND " + Distance + " <= $7";

    public static Task<long> TextAsync(NpgsqlDataSource database, string word, string department) => RunAsync(database,
        string.Format(CultureInfo.InvariantCulture, Page, TextFilter, "p.name, p.id", "p1.name, p1.id"),
        $"SELECT count(*) FROM places AS p WHERE {TextFilter}",
        department, $"%{word}%");

    public static Task<long> RadiusAsync(NpgsqlDataSource database, double latitude, double longitude, double radiusKm)
    {
        latitude += 0.05;
        longitude += 0.05;
        var box = Geo.BoundingBox.Around(latitude, longitude, radiusKm);
        return RunAsync(database,
            string.Format(CultureInfo.InvariantCulture, Page, RadiusFilter, $"{Distance}, p.id",
                Distance.Replace("p.location", "p1.location", StringComparison.Ordinal) + ", p1.id"),
            $"SELECT count(*) FROM places AS p WHERE {RadiusFilter}",
            latitude, longitude, box.MinLatitude, box.MaxLatitude, box.MinLongitude, box.MaxLongitude, radiusKm);
    }

    /// <summary>The two page queries with their values inlined, for EXPLAIN.</summary>
    public static IEnumerable<(string Name, string Sql)> Explained(string word, string department, double latitude, double longitude, double radiusKm)
    {
        latitude += 0.05;
        longitude += 0.05;
        var box = Geo.BoundingBox.Around(latitude, longitude, radiusKm);
        string Inline(string sql, params object[] values) => values.Select((v, i) => (v, i)).Reverse().Aggregate(sql, (text, p) =>
            text.Replace($"${p.i + 1}", p.v is string s ? $"'{s}'" : Convert.ToString(p.v, CultureInfo.InvariantCulture), StringComparison.Ordinal));
        yield return ("text + département", Inline($"SELECT count(*) FROM places AS p WHERE {TextFilter}", department, $"%{word}%"));
        yield return ("text + département, page", Inline(string.Format(CultureInfo.InvariantCulture, Page, TextFilter, "p.name, p.id", "p1.name, p1.id"), department, $"%{word}%"));
        yield return ("radius", Inline($"SELECT count(*) FROM places AS p WHERE {RadiusFilter}",
            latitude, longitude, box.MinLatitude, box.MaxLatitude, box.MinLongitude, box.MaxLongitude, radiusKm));
    }

    private static async Task<long> RunAsync(NpgsqlDataSource database, string page, string count, params object[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var counting = new NpgsqlCommand(count, connection);
        await using var paging = new NpgsqlCommand(page, connection);
        foreach (var parameter in parameters)
        {
            counting.Parameters.Add(new NpgsqlParameter { Value = parameter });
            paging.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        var total = (long)(await counting.ExecuteScalarAsync())!;
        await using var reader = await paging.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
        }
        return total;
    }
}

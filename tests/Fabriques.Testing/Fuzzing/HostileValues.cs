using System.Text.Json.Nodes;
using CsCheck;

namespace Fabriques.Testing.Fuzzing;

/// <summary>What careless and hostile callers put in a field, a query parameter or a header.</summary>
public static class HostileValues
{
    public const int HugeLength = 100_000;

    public static readonly string Huge = new('a', HugeLength);

    /// <summary>
    /// Stand-ins that <see cref="JsonBodies"/> writes as what no JSON writer produces: a lone UTF-16 surrogate escape
    /// (<c>"\ud800"</c>), and bytes that are not UTF-8 at all.
    /// </summary>
    public const string LoneSurrogate = "\u0001lone-surrogate\u0001";
    public const string InvalidUtf8 = "\u0001invalid-utf8\u0001";

    /// <summary>Texts that have broken services elsewhere: injections, control and odd Unicode characters, lookalikes of numbers.</summary>
    public static readonly string[] Texts =
    [
        "", " ", "\t\n", "' OR 1=1; DROP TABLE places; --", "\"; DELETE FROM outbox_messages; --", "1' UNION SELECT version() --",
        "<script>alert(1)</script>", "javascript:alert(1)", "{{7*7}}", "${jndi:ldap://x/a}", "../../etc/passwd", "%00", "\0",
        "a\0b", LoneSurrogate, InvalidUtf8, "\u202Egnp.exe", "🙂🏳️‍🌈", "Ω≈ç√∫", "ＡＢＣ", "NaN", "Infinity", "-Infinity", "-0", "1e999",
        "99999999999999999999999999999", "null", "true", "not-a-known-value", "2027-13-45T99:99:99", "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00", "00000000-0000-0000-0000-000000000000", Guid.NewGuid().ToString(), Huge,
    ];

    /// <summary>JSON values of every type, valid or not for the field they replace.</summary>
    public static Gen<JsonNode?> Json { get; } = Gen.Frequency(
        (6, Gen.OneOf(Texts).Select(t => (JsonNode?)JsonValue.Create(t))),
        (3, Gen.OneOf<JsonNode?>(null, true, false, 0, -1, 1, int.MinValue, int.MaxValue, long.MaxValue, 1e308, -1e308,
            double.Epsilon, 0.001m, 123456789.123456789m, decimal.MaxValue, decimal.MinValue).Select(n => n?.DeepClone())),
        (1, Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i))),
        (1, Gen.Double.Select(d => (JsonNode?)JsonValue.Create(double.IsFinite(d) ? d : 0))),
        (1, Gen.String.Select(s => (JsonNode?)JsonValue.Create(s))),
        (2, Gen.OneOf<Func<JsonNode?>>(
            () => new JsonObject(), () => new JsonArray(), () => new JsonArray(1, "a", null, new JsonObject()),
            () => new JsonObject { ["unexpected"] = "field" }, () => new JsonArray(JsonValue.Create(Huge))).Select(f => f())));

    /// <summary>Query parameter values, already URL-encoded where the hostility is in the encoding itself.</summary>
    public static readonly string[] QueryValues =
    [
        "", "-1", "0", "1", "1e9", "1000000000", "2147483648", "99999999999999999999", "-5", "abc", "NaN", "Infinity", "%00",
        "a%00b", "%FF%FE", "%C3%28", "%E9t%E9", "%C3%A9t%C3%A9%20%F0%9F%99%82", "%27%20OR%201%3D1--", "%3Cscript%3E",
        "1,2,3", "91,181", "43.3,5.4", "-90,-180", "abc,def", ",", "true", "false", "yes", "00000000-0000-0000-0000-000000000000",
        new string('9', 10_000), new string('x', 10_000),
    ];

    /// <summary>Headers a service must survive: garbage preconditions, idempotency keys and correlation ids.</summary>
    public static readonly (string Name, string Value)[] Headers =
    [
        ("If-Match", "garbage"), ("If-Match", "\""), ("If-Match", "W/"), ("If-Match", "*"), ("If-Match", "\"1\", \"2\", W/\"3\""),
        ("If-Match", "\"99999999999999999999\""), ("If-Match", new string('"', 5000)), ("If-None-Match", "*"),
        ("Idempotency-Key", ""), ("Idempotency-Key", " "), ("Idempotency-Key", new string('k', 10_000)),
        ("Idempotency-Key", "' OR 1=1 --"), ("Idempotency-Key", "%00"), ("X-Correlation-Id", new string('c', 100_000)),
        ("X-Correlation-Id", "<script>"), ("X-Correlation-Id", "a b\tc"), ("Accept", "application/xml"), ("Accept-Language", "xx-ZZ"),
    ];

    /// <summary>Content types a JSON route may wrongly receive.</summary>
    public static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=utf-16", "application/json; charset=nope", "garbage", "application/problem+json", "text/csv",
    ];
}

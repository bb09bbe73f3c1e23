using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Fabriques.Testing.Fuzzing;

/// <summary>A request body and what was done to it, for the failure report.</summary>
public sealed record FuzzBody(string Description, byte[] Bytes)
{
    public override string ToString() => Description;
}

/// <summary>
/// Bodies derived from a route's valid body: itself (so the run also creates), one field replaced by a hostile or
/// mistyped value, removed or duplicated, an unknown field, truncated JSON, 10 000 levels of nesting, invalid UTF-8.
/// </summary>
public static class JsonBodies
{
    private const int Depth = 10_000;

    private static readonly FuzzBody[] Malformed =
    [
        new("empty body", []),
        new("JSON null", "null"u8.ToArray()),
        new("an array", "[]"u8.ToArray()),
        new("a string", "\"x\""u8.ToArray()),
        new("an unterminated object", "{"u8.ToArray()),
        new($"{Depth} nested arrays", Encoding.ASCII.GetBytes(new string('[', Depth) + new string(']', Depth))),
        new($"{Depth} nested objects", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", Depth)) + "1" + new string('}', Depth))),
        new("NaN literal", "{\"x\":NaN}"u8.ToArray()),
        new("not UTF-8", [0xFF, 0xFE, 0x7B, 0xC3, 0x28, 0x7D]),
        new("a comment and a trailing comma", "{/* c */ \"a\": 1,}"u8.ToArray()),
    ];

    public static Gen<FuzzBody> From(JsonNode valid)
    {
        var paths = Paths(valid, []).ToArray();
        var properties = valid is JsonObject top ? top.Select(p => p.Key).ToArray() : [];
        var validBytes = Write(valid);
        var pathIndex = Gen.Int[0, paths.Length - 1];

        var replaced = Gen.Select(pathIndex, HostileValues.Json, (i, value) =>
            Mutated(valid, node => Set(node, paths[i], value), $"{Name(paths[i])} = {Describe(value)}"));
        var removed = pathIndex.Select(i => Mutated(valid, node => Remove(node, paths[i]), $"{Name(paths[i])} removed"));
        var unknown = HostileValues.Json.Select(value =>
            Mutated(valid, node => { if (node is JsonObject o) { o["unknownField"] = value; } }, $"unknownField = {Describe(value)}"));
        var duplicated = properties.Length == 0
            ? Gen.Const(new FuzzBody("valid", validBytes))
            : Gen.Select(Gen.Int[0, properties.Length - 1], HostileValues.Json, (i, value) =>
            {
                // The same key twice: the hostile value first, the valid one after it.
                var text = Encoding.UTF8.GetString(validBytes);
                var first = $"{{\"{properties[i]}\":{Encoding.UTF8.GetString(Write(value))}" + (text.Length > 2 ? "," : "");
                return new FuzzBody($"{properties[i]} twice, first {Describe(value)}", Encoding.UTF8.GetBytes(first + text[1..]));
            });
        var truncated = Gen.Int[1, Math.Max(1, validBytes.Length - 1)].Select(n => new FuzzBody($"truncated at {n}", validBytes[..n]));

        return Gen.Frequency(
            (4, Gen.Const(new FuzzBody("valid", validBytes))),
            (10, replaced),
            (2, removed),
            (1, unknown),
            (1, duplicated),
            (1, truncated),
            (2, Gen.OneOf(Malformed)));
    }

    /// <summary>The JSON text of <paramref name="node"/>, with <see cref="HostileValues"/>' stand-ins made real.</summary>
    public static byte[] Write(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        var bytes = Encoding.UTF8.GetBytes(text.Replace(Escaped(HostileValues.LoneSurrogate), "\\ud800", StringComparison.Ordinal));
        var marker = Encoding.UTF8.GetBytes(Escaped(HostileValues.InvalidUtf8));
        for (int at; (at = bytes.AsSpan().IndexOf(marker)) >= 0;)
        {
            bytes = [.. bytes[..at], 0xC3, 0x28, 0xFF, .. bytes[(at + marker.Length)..]];
        }
        return bytes;
    }

    private static string Escaped(string standIn) => new JsonArray(standIn).ToJsonString()[2..^2];

    private static FuzzBody Mutated(JsonNode valid, Action<JsonNode> change, string description)
    {
        var copy = valid.DeepClone();
        change(copy);
        return new FuzzBody(description, Write(copy));
    }

    /// <summary>Every property and array element of <paramref name="node"/>, as paths of names and indexes.</summary>
    private static IEnumerable<object[]> Paths(JsonNode? node, object[] prefix)
    {
        var children = node switch
        {
            JsonObject o => o.Select(p => ((object)p.Key, p.Value)),
            JsonArray a => a.Select((v, i) => ((object)i, v)),
            _ => [],
        };
        foreach (var (key, child) in children)
        {
            object[] path = [.. prefix, key];
            yield return path;
            foreach (var nested in Paths(child, path))
            {
                yield return nested;
            }
        }
    }

    private static JsonNode Parent(JsonNode root, object[] path) =>
        path[..^1].Aggregate(root, (node, key) => key is int i ? node[i]! : node[(string)key]!);

    private static void Set(JsonNode root, object[] path, JsonNode? value)
    {
        var parent = Parent(root, path);
        if (path[^1] is int i)
        {
            parent.AsArray()[i] = value;
        }
        else
        {
            parent.AsObject()[(string)path[^1]] = value;
        }
    }

    private static void Remove(JsonNode root, object[] path)
    {
        var parent = Parent(root, path);
        if (path[^1] is int i)
        {
            parent.AsArray().RemoveAt(i);
        }
        else
        {
            parent.AsObject().Remove((string)path[^1]);
        }
    }

    private static string Name(object[] path) => string.Concat(path.Select(k => k is int i ? $"[{i}]" : $".{k}")).TrimStart('.');

    private static string Describe(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 40 ? $"{text[..40]}… ({text.Length} chars)" : text;
    }
}

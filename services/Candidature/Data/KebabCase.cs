using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Fabriques.Candidature.Data;

/// <summary>
/// The kebab-case names of an enum's values (<c>UnderReview</c> ⇄ <c>under-review</c>): the same in JSON, in query
/// strings and in the database, so a value reads the same everywhere.
/// </summary>
public static class KebabCase<TEnum> where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> Names =
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, TEnum> Values = Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IEnumerable<string> All => Names.Values;

    public static string Name(TEnum value) => Names[value];

    public static bool TryParse(string? name, out TEnum value) => Values.TryGetValue(name ?? "", out value);

    public static TEnum Parse(string name) => Values[name];

    /// <summary>Stores the enum as its kebab-case name.</summary>
    public sealed class Converter() : ValueConverter<TEnum, string>(v => Name(v), s => Parse(s));
}

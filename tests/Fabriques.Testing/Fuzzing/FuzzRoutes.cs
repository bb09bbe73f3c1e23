using CsCheck;

namespace Fabriques.Testing.Fuzzing;

/// <summary>Routes every service has, fuzzed the same way everywhere.</summary>
public static class FuzzRoutes
{
    /// <summary>The operator's dead-letter replays under <paramref name="prefix"/> (e.g. <c>/api/directory</c>), drawn rarely.</summary>
    public static IEnumerable<FuzzRoute> DeadLetters(string prefix, HttpClient gestionnaire) =>
    [
        new($"POST {prefix}/operations/dead-letters/replay",
            FuzzRequests.Write(HttpMethod.Post, Gen.Const($"{prefix}/operations/dead-letters/replay"), null),
            gestionnaire, json => Shape.Object(json, "replayed"), Weight: 1),
        new($"POST {prefix}/operations/dead-letters/{{messageId}}/replay",
            FuzzRequests.Write(HttpMethod.Post, FuzzRequests.Id([]).Select(id => $"{prefix}/operations/dead-letters/{id}/replay"), null),
            gestionnaire, json => Shape.Object(json, "replayed"), Weight: 1),
    ];
}

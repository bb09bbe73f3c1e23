namespace Fabriques.Contracts;

/// <summary>
/// Why a domain rule refuses an action: a stable <paramref name="Code"/> the service maps to its problem type, and a
/// French <paramref name="Message"/> a person can act on. Plain data, so a domain returns it without knowing HTTP.
/// </summary>
public sealed record Refusal(string Code, string Message)
{
    /// <summary>Facts a client can act on (e.g. the current state), added to the problem as extension members.</summary>
    public IReadOnlyDictionary<string, object?>? Facts { get; init; }
}

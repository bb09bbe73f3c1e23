namespace Fabriques.Grants.Domain;

/// <summary>Why an operation on a grant is refused in its current state: a stable problem type and a French explanation.</summary>
public sealed record Refusal(string Type, string Title, string Detail);

namespace Fabriques.ServiceDefaults.Errors;

/// <summary>Stable problem type URIs: clients switch on these, never on the French detail.</summary>
public static class ProblemTypes
{
    private const string Base = "https://fabriques.anct.gouv.fr/problems/";

    public const string Validation = Base + "validation";
    public const string MalformedRequest = Base + "malformed-request";
    public const string UnsupportedCharset = Base + "unsupported-charset";
    public const string ServiceUnavailable = Base + "service-unavailable";

    /// <summary>504: the request did not finish within its route's time (<c>RequestTimeouts</c>) and was cancelled.</summary>
    public const string Timeout = Base + "timeout";
    public const string Internal = Base + "internal";
    public const string NotFound = Base + "not-found";
    public const string Conflict = Base + "conflict";
    public const string PreconditionFailed = Base + "precondition-failed";
    public const string PreconditionRequired = Base + "precondition-required";

    /// <summary>422: the <c>Idempotency-Key</c> already served for a different request.</summary>
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";

    /// <summary>409: the first request with that <c>Idempotency-Key</c> is still running; retry shortly.</summary>
    public const string IdempotencyKeyInProgress = Base + "idempotency-key-in-progress";
}

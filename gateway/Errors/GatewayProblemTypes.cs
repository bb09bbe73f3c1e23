namespace Fabriques.Gateway.Errors;

/// <summary>Stable problem type URIs of the answers the gateway gives itself, without reaching a service.</summary>
public static class GatewayProblemTypes
{
    private const string Base = "https://fabriques.anct.gouv.fr/problems/";

    /// <summary>429: too many requests from one caller; <c>Retry-After</c> says when to try again.</summary>
    public const string TooManyRequests = Base + "too-many-requests";

    /// <summary>413: the request body is larger than the route accepts.</summary>
    public const string PayloadTooLarge = Base + "payload-too-large";
}

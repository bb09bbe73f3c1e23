namespace Fabriques.Messaging.Maintenance;

/// <summary>
/// One period of the janitor (<see cref="MessagingOptions.MaintenanceInterval"/>, counted from the Unix epoch), claimed
/// by the replica that ran it: the primary key makes it once per period, however many replicas tick.
/// </summary>
public sealed class MaintenanceTick
{
    public DateTimeOffset Tick { get; init; }
    public DateTimeOffset RanAt { get; init; }

    /// <summary>The replica that ran it (host name, i.e. the pod's name on Kubernetes).</summary>
    public string Runner { get; init; } = "";
}

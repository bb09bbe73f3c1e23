using Fabriques.Notification.Domain;

namespace Fabriques.Notification.Webhooks;

/// <summary>Configuration section <c>Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Development and tests only: allows http targets and loopback addresses (never private ones).</summary>
    public bool AllowInsecureTargets { get; set; }

    /// <summary>How long one POST may take before it counts as failed and is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>POSTs in flight at once, all subscriptions together.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>POSTs in flight at once to one subscription: a slow receiver cannot take every slot.</summary>
    public int MaxConcurrentPerSubscription { get; set; } = 4;

    /// <summary>
    /// POSTs in flight at once for all the subscriptions of one owner: a partner with many subscriptions, a huge backlog
    /// or failing receivers never holds the slots other owners' deliveries need.
    /// </summary>
    public int MaxConcurrentPerOwner { get; set; } = 8;

    /// <summary>Subscriptions one owner may have at once (422 beyond): one partner cannot fill every delivery slot.</summary>
    public int MaxSubscriptionsPerOwner { get; set; } = 20;

    /// <summary>After a rotation, how long the former secret still signs beside the new one (both signatures sent).</summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How often the dispatcher looks for deliveries due when nothing woke it: only a safety net for deliveries another
    /// replica scheduled and could not make (it stopped), so it is long, to cost nothing while idle. Also the pause
    /// after a failure.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>About 15 attempts over 3 days: 1 min, 2, 4, … then every 12 h.</summary>
    public RetryOptions Retry { get; set; } = new();
}

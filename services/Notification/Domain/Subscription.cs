using Fabriques.Contracts;

namespace Fabriques.Notification.Domain;

public enum SubscriptionStatus
{
    Active,
    /// <summary>The receiver answered 410 Gone: nothing more is sent to it.</summary>
    Disabled,
}

/// <summary>A partner system's webhook: the events it wants, where to POST them, the secret that signs them.</summary>
public sealed class Subscription
{
    public const int MaxDescriptionLength = 500;

    public Guid Id { get; private set; }
    /// <summary>Subject (<c>sub</c>) of the partenaire or gestionnaire who created it.</summary>
    public string OwnerId { get; private set; } = "";
    public string Url { get; private set; } = "";
    public List<string> EventTypes { get; private set; } = [];
    public string? Description { get; private set; }
    /// <summary>
    /// The signing secret, stored as is: signing needs it in clear, and the database is this service's own. Only its
    /// creator ever sees it, once.
    /// </summary>
    public string Secret { get; private set; } = "";
    public SubscriptionStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DisabledAt { get; private set; }

    private Subscription()
    {
    }

    public static Subscription Create(string ownerId, Uri url, IEnumerable<string> eventTypes, string? description, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OwnerId = ownerId,
        Url = url.ToString(),
        EventTypes = eventTypes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        Description = description,
        Secret = WebhookSignature.NewSecret(),
        Status = SubscriptionStatus.Active,
        CreatedAt = now,
    };

    /// <summary>Why an event may not be sent to it again, or null while it is active.</summary>
    public Refusal? RefusalToRedeliver() => Status == SubscriptionStatus.Disabled ? SubscriptionRefusals.DisabledByReceiver() : null;

    public void Disable(DateTimeOffset now)
    {
        Status = SubscriptionStatus.Disabled;
        DisabledAt ??= now;
    }
}

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
    /// The signing secret, protected (ASP.NET Core Data Protection, keys in this service's database): a copy of the
    /// database alone signs nothing. Its creator sees it in clear once, when it is made or rotated.
    /// </summary>
    public string ProtectedSecret { get; private set; } = "";
    /// <summary>The secret before the last rotation, still signing until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousProtectedSecret { get; private set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }
    public SubscriptionStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DisabledAt { get; private set; }

    private Subscription()
    {
    }

    /// <param name="protectedSecret">A new secret (<see cref="WebhookSignature.NewSecret"/>), protected.</param>
    public static Subscription Create(
        string ownerId, Uri url, IEnumerable<string> eventTypes, string? description, string protectedSecret, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OwnerId = ownerId,
        Url = url.ToString(),
        EventTypes = eventTypes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        Description = description,
        ProtectedSecret = protectedSecret,
        Status = SubscriptionStatus.Active,
        CreatedAt = now,
    };

    /// <summary>Why an event may not be sent to it again, or null while it is active.</summary>
    public Refusal? RefusalToRedeliver() => Status == SubscriptionStatus.Disabled ? SubscriptionRefusals.DisabledByReceiver() : null;

    /// <summary>
    /// A new secret signs from now on; the current one keeps signing beside it for <paramref name="overlap"/>, so the
    /// receiver can switch without losing a delivery. A secret older than the current one stops at once.
    /// </summary>
    public void RotateSecret(string protectedSecret, TimeSpan overlap, DateTimeOffset now)
    {
        PreviousProtectedSecret = ProtectedSecret;
        PreviousSecretExpiresAt = now + overlap;
        ProtectedSecret = protectedSecret;
    }

    /// <summary>The protected secrets that sign a delivery at <paramref name="now"/>: the current one first.</summary>
    public static IReadOnlyList<string> SigningSecrets(string current, string? previous, DateTimeOffset? previousExpiresAt, DateTimeOffset now) =>
        previous is not null && previousExpiresAt > now ? [current, previous] : [current];

    /// <summary>Stores the protected form of a secret written in clear before secrets were protected.</summary>
    public void ReplaceClearSecrets(Func<string, string> protect)
    {
        if (WebhookSignature.IsClear(ProtectedSecret))
        {
            ProtectedSecret = protect(ProtectedSecret);
        }
        if (PreviousProtectedSecret is { } previous && WebhookSignature.IsClear(previous))
        {
            PreviousProtectedSecret = protect(previous);
        }
    }

    public void Disable(DateTimeOffset now)
    {
        Status = SubscriptionStatus.Disabled;
        DisabledAt ??= now;
    }
}

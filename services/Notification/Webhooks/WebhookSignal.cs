using Fabriques.Messaging.Background;

namespace Fabriques.Notification.Webhooks;

/// <summary>
/// Wakes the <see cref="WebhookDispatcher"/> when this process commits a delivery to make, a delivery is asked again,
/// or a slot frees up.
/// </summary>
public sealed class WebhookSignal : WorkSignal;

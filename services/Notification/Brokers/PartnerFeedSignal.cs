using Fabriques.Messaging.Background;

namespace Fabriques.Notification.Brokers;

/// <summary>Wakes the <see cref="PartnerExchangeRelay"/> when this process commits an event to the partners' feed.</summary>
public sealed class PartnerFeedSignal : WorkSignal;

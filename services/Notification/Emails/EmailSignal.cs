using Fabriques.Messaging.Background;

namespace Fabriques.Notification.Emails;

/// <summary>Wakes the <see cref="EmailSender"/> when this process commits an e-mail to send.</summary>
public sealed class EmailSignal : WorkSignal;

namespace Fabriques.Notification.Brokers;

/// <summary>Configuration section <c>PartnerBroker</c>: partners' accounts on RabbitMQ and the relay to their exchange.</summary>
public sealed class PartnerBrokerOptions
{
    public const string SectionName = "PartnerBroker";

    /// <summary>
    /// RabbitMQ's management API (<c>http://host:15672/</c>), where partner accounts are created; by default the
    /// management port of the service's own broker host. The service's broker account must carry the
    /// <c>administrator</c> tag to manage users.
    /// </summary>
    public Uri? ManagementUrl { get; set; }

    /// <summary>
    /// The AMQP address partners connect to (e.g. <c>amqps://broker.fabriques.anct.gouv.fr/fabriques</c>), given with
    /// each new account; by default the service's own broker address, without its credentials.
    /// </summary>
    public Uri? PublicUri { get; set; }

    /// <summary>
    /// How often the relay looks for feed events not yet on the partners' exchange when nothing woke it: only a safety
    /// net for events another replica wrote and could not publish (it stopped), so it is long, to cost nothing while idle.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events published per transaction.</summary>
    public int BatchSize { get; set; } = 100;
}

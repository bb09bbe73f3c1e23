namespace Fabriques.Contracts.Partners;

/// <summary>
/// The RabbitMQ exchange partners may subscribe to: a topic exchange carrying the partner projection of every event,
/// as a CloudEvent in structured mode, with the event's CloudEvents type as routing key. No service consumes it.
/// </summary>
public static class PartnerExchange
{
    public const string Name = "fabriques.public";

    /// <summary>AMQP type of the exchange: partners bind with patterns such as <c>fr.anct.fabriques.grant.*</c>.</summary>
    public const string Type = "topic";
}

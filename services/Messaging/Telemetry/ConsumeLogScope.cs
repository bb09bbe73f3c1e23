using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Fabriques.Contracts;
using Fabriques.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Fabriques.Messaging.Telemetry;

/// <summary>
/// Around each attempt to consume an event: a log scope with the correlation id of the request
/// that raised it (a new one when it came with none), the event's id and type, and the ids of the candidature, grant,
/// place or wave it is about. The correlation id is also <see cref="CorrelationId.Current"/> meanwhile, so the events
/// the consumer raises carry it on.
/// </summary>
public sealed class ConsumeLogScope<TMessage>(ILogger<ConsumeLogScope<TMessage>> logger) : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        var correlationId = CorrelationId.Accept(context.Headers.Get<string>(CorrelationId.HeaderName)) ?? CorrelationId.New();
        CorrelationId.Current = correlationId; // flows down this consumption only
        Activity.Current?.SetTag(CorrelationId.TagName, correlationId);

        var fields = new Dictionary<string, object> { [CorrelationId.LogField] = correlationId };
        if (context.Message is IntegrationEvent @event)
        {
            EventLogFields.AddTo(fields, @event);
        }
        using (logger.BeginScope(fields))
        {
            await next.Send(context);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("logScope");
}

/// <summary>The fields an event gives its consumer's logs: never its people (contacts), only ids.</summary>
public static class EventLogFields
{
    /// <summary>The ids, by the names the events give them, that operators filter logs by.</summary>
    public static readonly IReadOnlyList<string> DomainIds = ["CandidatureId", "GrantId", "PlaceId", "WaveId"];

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> IdProperties = new();

    public static void AddTo(IDictionary<string, object> fields, IntegrationEvent @event)
    {
        fields["EventId"] = @event.EventId;
        fields["EventType"] = EventTypes.Of(@event.GetType());
        foreach (var property in IdProperties.GetOrAdd(@event.GetType(), type => [.. DomainIds
                     .Select(type.GetProperty)
                     .OfType<PropertyInfo>()
                     .Where(p => p.PropertyType == typeof(Guid))]))
        {
            fields[property.Name] = property.GetValue(@event)!;
        }
    }
}

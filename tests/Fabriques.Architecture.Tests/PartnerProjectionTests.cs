using System.Text.Json;
using Fabriques.Contracts;
using Fabriques.Contracts.Partners;
using Fabriques.Messaging;

namespace Fabriques.Architecture.Tests;

/// <summary>What leaves the platform (feed, webhooks, the partners' exchange) is the partner projection, and it is public.</summary>
public sealed class PartnerProjectionTests
{
    public static TheoryData<string> EventTypeNames => [.. EventTypes.Names.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void The_public_payload_of_every_event_type_has_no_personal_field_nor_value(string type)
    {
        Assert.True(EventTypes.TryResolve(type, out var eventType));
        var @event = SampleEvents.Of(eventType);
        var personalValues = SampleEvents.Personal(@event).ToList();

        var payload = PartnerProjection.Project(@event);
        var json = JsonSerializer.SerializeToElement(payload, payload.GetType(), EventSerializer.Options);

        var personalFields = PropertyNames(json).Where(SampleEvents.PersonalProperties.Contains).ToList();
        var personalValuesLeaked = StringValues(json).Where(personalValues.Contains).ToList();
        Assert.True(personalFields.Count == 0, $"{type}: personal fields in the public payload: {string.Join(", ", personalFields)}");
        Assert.True(personalValuesLeaked.Count == 0, $"{type}: personal values in the public payload: {string.Join(", ", personalValuesLeaked)}");
        Assert.Equal(@event.EventId, payload.EventId);
        Assert.Equal(@event.OccurredAt, payload.OccurredAt);
    }

    [Fact]
    public void Internal_samples_do_carry_personal_data_so_the_projection_test_can_fail()
    {
        var withPersonalData = SampleEvents.All().Where(e => SampleEvents.Personal(e).Any()).Select(e => e.GetType().Name).ToList();

        Assert.Contains("CandidatureRejected", withPersonalData);
        Assert.Contains("GrantAwarded", withPersonalData);
        Assert.Contains("PlaceRegistered", withPersonalData);
    }

    [Fact]
    public void Every_event_type_of_the_contract_has_a_partner_projection_with_a_versioned_schema()
    {
        Assert.All(EventTypes.All, t =>
        {
            Assert.True(PartnerProjection.Covers(t), $"{t.Name} has no partner projection");
            Assert.StartsWith("https://fabriques.anct.gouv.fr/events/v1/", PartnerProjection.DataSchemaOf(t).ToString(), StringComparison.Ordinal);
        });
    }

    private static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };

    private static IEnumerable<string> StringValues(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => StringValues(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(StringValues),
        JsonValueKind.String => [element.GetString()!],
        _ => [],
    };
}

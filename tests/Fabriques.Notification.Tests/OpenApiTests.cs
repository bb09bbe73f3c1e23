using System.Text.Json;
using Fabriques.Notification.Tests.Support;

namespace Fabriques.Notification.Tests;

public sealed class OpenApiTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    [Fact]
    public async Task The_OpenAPI_document_describes_every_route_of_the_contract()
    {
        using var client = host.CreateClient();

        var paths = (await client.GetJsonAsync("/openapi/v1.json")).GetProperty("paths");

        Assert.Equal(
            [
                "/api/notifications",
                "/api/notifications/brokers/accounts",
                "/api/notifications/brokers/accounts/{id}",
                "/api/notifications/events",
                "/api/notifications/operations/dead-letters",
                "/api/notifications/operations/dead-letters/replay",
                "/api/notifications/operations/dead-letters/{messageId}/replay",
                "/api/notifications/operations/webhook-deliveries/retry-failed",
                "/api/notifications/subscriptions",
                "/api/notifications/subscriptions/{id}",
                "/api/notifications/subscriptions/{id}/deliveries",
                "/api/notifications/subscriptions/{id}/deliveries/{eventId}/redeliver",
                "/api/notifications/subscriptions/{id}/secret/rotate"],
            paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Object, paths.GetProperty("/api/notifications/subscriptions").GetProperty("post").ValueKind);
        Assert.Equal(JsonValueKind.Object, paths.GetProperty("/api/notifications/subscriptions/{id}").GetProperty("delete").ValueKind);
    }
}

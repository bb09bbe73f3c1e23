using Fabriques.Testing;

namespace Fabriques.Notification.Tests;

/// <summary>docs/openapi/notification.json is what the service serves, and it documents every answer the service gives.</summary>
public sealed class PublishedOpenApiTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    [Fact]
    public async Task The_checked_in_document_is_the_served_one()
    {
        using var client = host.CreateClient();

        await PublishedOpenApi.AssertCheckedInAsync(client, "notification");
    }

    [Fact]
    public async Task Every_answer_to_every_caller_is_documented_numbers_are_plain_numbers_and_requests_have_examples()
    {
        using var anonymous = host.CreateClient();
        var document = await PublishedOpenApi.ServedAsync(anonymous);
        var callers = PublishedOpenApi.Callers(host.CreateClient, (subject, role) => host.CreateClient(subject, role));

        var undocumented = await PublishedOpenApi.UndocumentedAnswersAsync(document, callers);
        foreach (var caller in callers)
        {
            caller.Dispose();
        }

        Assert.True(undocumented.Count == 0, $"{undocumented.Count} undocumented route × status pairs: {string.Join("; ", undocumented)}");
        Assert.Equal(0, PublishedOpenApi.NumberOrStringUnions(document));
        Assert.Empty(PublishedOpenApi.RequestBodiesWithoutExample(document));
    }
}

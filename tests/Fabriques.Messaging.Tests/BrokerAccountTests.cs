using Fabriques.Testing.Messaging;

namespace Fabriques.Messaging.Tests;

/// <summary>A service connects to the broker with its own account, never RabbitMQ's factory <c>guest</c>.</summary>
public sealed class BrokerAccountTests
{
    [Theory]
    [InlineData("amqp://localhost:5672/")]
    [InlineData("amqp://fabriques@localhost:5672/")]
    public async Task A_connection_string_without_an_account_stops_the_start(string broker)
    {
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestService.StartAsync("Host=localhost;Database=unused", broker));

        Assert.Contains("never falls back to guest", refusal.Message, StringComparison.Ordinal);
    }
}

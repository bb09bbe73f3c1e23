using Fabriques.Messaging.Health;
using Fabriques.Testing;
using Fabriques.Testing.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Testcontainers.RabbitMq;

namespace Fabriques.Messaging.Tests;

/// <summary>The <c>outbox</c> readiness check tells an operator that events are stuck, on the real broker and database.</summary>
public sealed class OutboxHealthTests(Infrastructure infrastructure)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_outbox_is_degraded_while_an_event_waits_for_the_broker_and_healthy_once_it_is_published()
    {
        // A broker of its own, on a fixed port, that this test stops and starts again.
        await using var rabbitMq = new RabbitMqBuilder(Infrastructure.RabbitMqImage)
            .WithPortBinding(Network.FreeTcpPort(), RabbitMqBuilder.RabbitMqPort)
            .Build();
        await rabbitMq.StartAsync(TestContext.Current.CancellationToken);
        var database = await infrastructure.CreateDatabaseAsync("outboxhealth");
        await TestService.CreateSchemaAsync(database);
        await using var service = await TestService.StartAsync(database, rabbitMq.GetConnectionString());
        Assert.Equal(HealthStatus.Healthy, await OutboxStatusAsync(service));

        await rabbitMq.StopAsync(TestContext.Current.CancellationToken);
        await service.RaiseAsync([TestService.NewEvent("En attente du broker")]);

        // The test service degrades after 2 s of lag (Messaging:OutboxLagDegradedAfter).
        await Eventually.SucceedsAsync(async () => await OutboxStatusAsync(service) == HealthStatus.Degraded, Patience,
            "the outbox check did not report the stuck event");
        var degraded = (await service.CheckHealthAsync()).Entries[OutboxHealthCheck.Name];
        Assert.Equal(1L, degraded.Data["pending"]);

        await rabbitMq.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.SucceedsAsync(async () => await OutboxStatusAsync(service) == HealthStatus.Healthy, Patience,
            "the outbox check stayed degraded after the event was published");
        Assert.Equal(0, await service.PendingInOutboxAsync());
    }

    private static async Task<HealthStatus> OutboxStatusAsync(TestService service) =>
        (await service.CheckHealthAsync()).Entries[OutboxHealthCheck.Name].Status;
}

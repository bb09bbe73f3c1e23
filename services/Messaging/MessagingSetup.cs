using Fabriques.Messaging.DeadLetters;
using Fabriques.Messaging.Health;
using Fabriques.Messaging.Inbox;
using Fabriques.Messaging.Maintenance;
using Fabriques.Messaging.Outbox;
using Fabriques.Messaging.Telemetry;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Fabriques.Messaging;

public static class MessagingSetup
{
    /// <summary>
    /// MassTransit on RabbitMQ (connection string <paramref name="connectionName"/>), the outbox relay of
    /// <typeparamref name="TDbContext"/>, consumer retries then the <c>_error</c> queue,
    /// dead-letter tools and the purge of old outbox/inbox rows. Queues are prefixed with
    /// <paramref name="serviceName"/>, so two services consuming one event each get their own copy.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TDbContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        string connectionName,
        Action<IBusRegistrationConfigurator>? addConsumers = null)
        where TDbContext : DbContext
    {
        var section = builder.Configuration.GetSection(MessagingOptions.SectionName);
        builder.Services.Configure<MessagingOptions>(section);
        var settings = section.Get<MessagingOptions>() ?? new MessagingOptions();
        var broker = new Uri(builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is missing."));

        var (user, password) = Credentials(broker, connectionName);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<MessagingMetrics>();
        builder.Services.AddSingleton<InboxBatches>();
        builder.Services.AddHostedService<OutboxRelay<TDbContext>>();
        builder.Services.AddHostedService<MessagingJanitor<TDbContext>>();
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>(OutboxHealthCheck.Name);
        builder.Services.AddSingleton(_ => new BrokerConnection(broker));
        builder.Services.AddSingleton<DeadLetterQueues>();
        builder.Services.AddConsumeObserver<FaultWatch>();
        var endpoints = new ReceiveEndpoints();
        builder.Services.AddSingleton(endpoints);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            addConsumers?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((context, queue, endpoint) =>
            {
                endpoints.Add(queue);
                endpoint.UseMessageRetry(retry => retry.Intervals(settings.ConsumerRetryIntervals));
                // Inside the retries: a scoped filter opens the message's DI scope, and each attempt needs a fresh one
                // (a new DbContext after a lost connection).
                endpoint.UseConsumeFilter(typeof(ConsumeLogScope<>), context);
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, (ushort)broker.Port, VirtualHost(broker), host =>
                {
                    host.Username(user);
                    host.Password(password);
                });
                // Defaults of every endpoint; one that sets its own concurrency keeps it. The concurrency is what lets
                // the idempotent consumers gather batches.
                rabbit.PrefetchCount = settings.ConsumerPrefetch;
                rabbit.ConcurrentMessageLimit = settings.ConsumerPrefetch;
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    private static string VirtualHost(Uri broker) =>
        broker.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(broker.AbsolutePath.TrimStart('/'));

    /// <summary>
    /// The service's own broker account, from the connection string: never a default one (RabbitMQ's <c>guest</c>
    /// would connect to any broker left with its factory account), so a connection string without it stops the start.
    /// </summary>
    private static (string User, string Password) Credentials(Uri broker, string connectionName)
    {
        var parts = broker.UserInfo.Split(':', 2);
        return parts is [{ Length: > 0 } user, { Length: > 0 } password]
            ? (Uri.UnescapeDataString(user), Uri.UnescapeDataString(password))
            : throw new InvalidOperationException(
                $"Connection string '{connectionName}' names no broker account (amqp://user:password@host/vhost): the service has its own, and never falls back to guest.");
    }
}

using Fabriques.Contracts;
using Fabriques.Messaging;
using Fabriques.Messaging.Database;
using Fabriques.Messaging.DeadLetters;
using Fabriques.Messaging.Idempotency;
using Fabriques.Messaging.Telemetry;
using Fabriques.Notification.Brokers;
using Fabriques.Notification.Consumers;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Emails;
using MailKit.Security;
using Fabriques.Notification.Features;
using Fabriques.Notification.Feed;
using Fabriques.Notification.Retention;
using Fabriques.Notification.Telemetry;
using Fabriques.Notification.Webhooks;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Logging;
using MassTransit;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<NotificationDbContext>(ResourceNames.NotificationDb);
builder.AddMessaging<NotificationDbContext>(ResourceNames.Notification, ResourceNames.RabbitMq, bus =>
{
    // One queue for the whole feed, consumed one event at a time: positions are then given in commit order.
    AddConsumers(bus, typeof(FeedConsumer<>), EventTypes.All, "event-feed", concurrentMessageLimit: 1);
    AddConsumers(bus, typeof(EmailConsumer<>), EmailDrafts.Events, "emails");
    AddConsumers(bus, typeof(WebhookConsumer<>), EventTypes.All, "webhooks");
});

builder.Services.AddOptions<EmailOptions>()
    .Bind(builder.Configuration.GetSection(EmailOptions.SectionName))
    .Validate(o => builder.Environment.IsDevelopment() || o.IsLoopbackRelay || o.Security is SecureSocketOptions.StartTls or SecureSocketOptions.SslOnConnect,
        $"{EmailOptions.SectionName}:Security must be StartTls or SslOnConnect outside Development (None only for a relay on the loopback): e-mails carry personal data.")
    .ValidateOnStart();
builder.Services.AddSingleton(new EmailTemplates(EmailTemplates.DefaultDirectory, EmailDrafts.Templates));
builder.Services.AddSingleton<EmailSignal>();
builder.Services.AddHostedService<EmailSender>();

builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.SectionName));
builder.Services.AddSingleton<WebhookTargetGuard>();
builder.Services.AddSingleton<WebhookClient>();
builder.Services.AddSingleton<WebhookSignal>();
// Webhook secrets are protected at rest; the keys live in this service's database, shared by its replicas, encrypted.
builder.AddWebhookSecretProtection<NotificationDbContext>(ResourceNames.Notification);
builder.Services.AddSingleton<WebhookSecrets>();
builder.Services.AddSingleton<ClearSecretsProtector>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ClearSecretsProtector>());
builder.Services.AddHostedService<WebhookDispatcher>();

builder.Services.Configure<RetentionOptions>(builder.Configuration.GetSection(RetentionOptions.SectionName));
builder.Services.AddSingleton<RetentionJanitor>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionJanitor>());

// Partners' broker accounts, and the relay of the feed to their exchange.
builder.Services.Configure<PartnerBrokerOptions>(builder.Configuration.GetSection(PartnerBrokerOptions.SectionName));
builder.Services.AddSingleton(services => new BrokerAddress(
    new Uri(builder.Configuration.GetConnectionString(ResourceNames.RabbitMq)!), services.GetRequiredService<IOptions<PartnerBrokerOptions>>()));
builder.Services.AddHttpClient<RabbitMqManagement>();
builder.Services.AddSingleton<PartnerFeedSignal>();
builder.Services.AddHostedService<PartnerExchangeRelay>();

builder.AddBusinessMetrics<NotificationMetrics>();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.UseIdempotency();
app.MapOpenApi().AllowAnonymous();
app.MapDefaultEndpoints();

app.MapGroup("/api/notifications")
    .WithRouteIdInLogs("SubscriptionId")
    .MapEventFeed()
    .MapListEmails()
    .MapCreateSubscription()
    .MapListSubscriptions()
    .MapGetSubscription()
    .MapDeleteSubscription()
    .MapRotateSecret()
    .MapListDeliveries()
    .MapRedeliver()
    .MapRetryFailedDeliveries()
    .MapBrokerAccounts()
    .MapDeadLetters(Roles.Gestionnaire);

await app.RunOrMigrateAsync<NotificationDbContext>(args);

// A generic consumer for each event type, all on one queue of this service.
static void AddConsumers(
    IBusRegistrationConfigurator bus, Type consumer, IEnumerable<Type> eventTypes, string queue,
    int? concurrentMessageLimit = null)
{
    foreach (var eventType in eventTypes)
    {
        bus.AddConsumer(consumer.MakeGenericType(eventType)).Endpoint(endpoint =>
        {
            endpoint.Name = $"{ResourceNames.Notification}-{queue}";
            endpoint.ConcurrentMessageLimit = concurrentMessageLimit;
        });
    }
}

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

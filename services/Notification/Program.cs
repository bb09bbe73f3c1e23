using Fabriques.Contracts;
using MassTransit;
using Fabriques.Messaging;
using Fabriques.Messaging.Database;
using Fabriques.Notification.Consumers;
using Fabriques.Notification.Data;
using Fabriques.Notification.Feed;
using Fabriques.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<NotificationDbContext>(ResourceNames.NotificationDb);
builder.AddMessaging<NotificationDbContext>(ResourceNames.Notification, ResourceNames.RabbitMq, bus =>
{
    // One queue for the whole feed, consumed one event at a time: positions are then given in commit order.
    foreach (var eventType in EventTypes.All)
    {
        bus.AddConsumer(typeof(FeedConsumer<>).MakeGenericType(eventType))
            .Endpoint(endpoint =>
            {
                endpoint.Name = $"{ResourceNames.Notification}-event-feed";
                endpoint.ConcurrentMessageLimit = 1;
            });
    }
});
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOpenApi();
app.MapDefaultEndpoints();

app.MapGroup("/api/notifications")
    .MapEventFeed();

app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

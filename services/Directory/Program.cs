using Fabriques.Directory.Consumers;
using Fabriques.Directory.Data;
using Fabriques.Directory.Domain;
using Fabriques.Directory.Features;
using Fabriques.Directory.Telemetry;
using Fabriques.Messaging;
using Fabriques.Messaging.Database;
using Fabriques.Messaging.DeadLetters;
using Fabriques.Messaging.Idempotency;
using Fabriques.Messaging.Telemetry;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Logging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<DirectoryDbContext>(ResourceNames.DirectoryDb);
builder.AddMessaging<DirectoryDbContext>(ResourceNames.Directory, ResourceNames.RabbitMq, bus =>
{
    bus.AddConsumer<GrantAwardedConsumer>();
    bus.AddConsumer<GrantCancelledConsumer>();
});
builder.Services.AddSingleton<Territories>();
builder.Services.AddSingleton<PlaceRules>();
builder.Services.AddScoped<PlaceImporter>();
if (builder.Environment.IsDevelopment())
{
    builder.Services.AddHostedService<DevelopmentSeed>();
}
builder.AddBusinessMetrics<DirectoryMetrics, DirectoryMetricsSampler>();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.UseIdempotency();
app.MapOpenApi().AllowAnonymous();
app.MapDefaultEndpoints();

app.MapGroup("/api/directory")
    .WithRouteIdInLogs("PlaceId")
    .MapSearchPlaces()
    .MapExportPlaces()
    .MapGetPlace()
    .MapRegisterPlace()
    .MapUpdatePlace()
    .MapArchivePlace()
    .MapGetStats()
    .MapImportPlaces()
    .MapSeedPlaces()
    .MapDeadLetters(Roles.Gestionnaire);

await app.RunOrMigrateAsync<DirectoryDbContext>(args);

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

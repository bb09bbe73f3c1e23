using Fabriques.Grants.Consumers;
using Fabriques.Grants.Data;
using Fabriques.Grants.Features;
using Fabriques.Grants.Telemetry;
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
builder.AddServiceDatabase<GrantsDbContext>(ResourceNames.GrantsDb);
builder.AddMessaging<GrantsDbContext>(ResourceNames.Grants, ResourceNames.RabbitMq, bus =>
{
    bus.AddConsumer<CandidatureAcceptedConsumer>();
    bus.AddConsumer<CandidatureReopenedConsumer>();
    bus.AddConsumer<CandidatureRejectedConsumer>();
    bus.AddConsumer<CandidatureDismissedConsumer>();
    bus.AddConsumer<CandidatureWithdrawnConsumer>();
    bus.AddConsumer<PlaceLabelledConsumer>();
    bus.AddConsumer<PlaceRegisteredConsumer>();
    bus.AddConsumer<PlaceUpdatedConsumer>();
});
builder.AddBusinessMetrics<GrantsMetrics, GrantsMetricsSampler>();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.UseIdempotency();
app.MapOpenApi().AllowAnonymous();
app.MapDefaultEndpoints();

app.MapGroup("/api/grants")
    .WithRouteIdInLogs("GrantId")
    .MapGetProgramme()
    .MapCheckConsistency()
    .MapUpdateProgramme()
    .MapListGrants()
    .MapGetGrant()
    .MapCommitInstalment()
    .MapPayInstalment()
    .MapCancelGrant()
    .MapImportGrants()
    .MapDeadLetters(Roles.Gestionnaire);

await app.RunOrMigrateAsync<GrantsDbContext>(args);

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

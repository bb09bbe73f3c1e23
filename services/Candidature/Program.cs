using Fabriques.Candidature.Consumers;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Features;
using Fabriques.Candidature.Telemetry;
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
builder.AddServiceDatabase<CandidatureDbContext>(ResourceNames.CandidatureDb);
builder.AddMessaging<CandidatureDbContext>(ResourceNames.Candidature, ResourceNames.RabbitMq, bus =>
{
    bus.AddConsumer<PlaceRegisteredConsumer>();
    bus.AddConsumer<PlaceUpdatedConsumer>();
    bus.AddConsumer<GrantAwardRefusedConsumer>();
    bus.AddConsumer<InstalmentPaidConsumer>();
    bus.AddConsumer<ProgrammeSettingsChangedConsumer>();
    bus.AddConsumer<GrantAwardedConsumer>();
    bus.AddConsumer<GrantCancelledConsumer>();
});
builder.Services.Configure<WaveAnnouncementOptions>(builder.Configuration.GetSection(WaveAnnouncementOptions.SectionName));
builder.Services.AddSingleton<WaveSignal>();
builder.Services.AddHostedService<AnnounceWaves>();
builder.AddBusinessMetrics<CandidatureMetrics, CandidatureMetricsSampler>();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.UseIdempotency();
app.MapOpenApi().AllowAnonymous();
app.MapDefaultEndpoints();

app.MapGroup("/api/candidatures")
    .WithRouteIdInLogs("CandidatureId")
    .MapListWaves()
    .MapCreateWave()
    .MapScheduleWaveCalendar()
    .MapCreateCandidature()
    .MapEditCandidature()
    .MapGetCandidature()
    .MapListCandidatures()
    .MapSubmit()
    .MapReview()
    .MapReturn()
    .MapDecide()
    .MapReopen()
    .MapWithdraw()
    .MapAssign()
    .MapOpinions()
    .MapDocuments()
    .MapDeadLetters(Roles.Gestionnaire);

await app.RunOrMigrateAsync<CandidatureDbContext>(args);

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

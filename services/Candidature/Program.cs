using Fabriques.Candidature.Data;
using Fabriques.Messaging;
using Fabriques.Messaging.Database;
using Fabriques.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<CandidatureDbContext>(ResourceNames.CandidatureDb);
builder.AddMessaging<CandidatureDbContext>(ResourceNames.Candidature, ResourceNames.RabbitMq);
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOpenApi();
app.MapDefaultEndpoints();

app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

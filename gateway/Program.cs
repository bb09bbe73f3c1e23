using Fabriques.Gateway;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(builder.Configuration.GetSection(JwtSettings.SectionName).Get<JwtSettings>() ?? new JwtSettings());
builder.Services.AddSingleton<DevelopmentTokens>();

// Routes and clusters are in configuration ("ReverseProxy"); destinations are service names resolved by discovery.
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapDevTokens();
app.MapReverseProxy();
// One reference for frontend teams: every service's OpenAPI document, proxied as /openapi/{service}.json.
app.MapScalarApiReference("/docs", options => options
    .WithTitle("Fabriques de Territoire — API")
    .AddDocuments(ResourceNames.Directory, ResourceNames.Candidature, ResourceNames.Grants, ResourceNames.Notification))
    .AllowAnonymous();

app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;

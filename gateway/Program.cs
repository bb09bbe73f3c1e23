using Fabriques.Gateway.Authentication;
using Fabriques.Gateway.Health;
using Fabriques.Gateway.Proxy;
using Fabriques.Gateway.Security;
using Fabriques.ServiceDefaults;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.AddDevelopmentIssuer();
builder.AddServiceDefaults();
// Kestrel:Limits (appsettings.json): 1 MB bodies by default; a route may allow more (MaxRequestBodySize in its config).
builder.Services.Configure<KestrelServerOptions>(builder.Configuration.GetSection("Kestrel"));
builder.AddSecurityHeaders();
builder.AddGatewayCors();
builder.AddGatewayRateLimiting();
builder.AddDestinationHealthChecks();

// Routes and clusters are in configuration ("ReverseProxy"); destinations are service names resolved by discovery.
// Only the routes listed there are proxied: any other path is the gateway's own 404. Each cluster probes its
// replicas' /health (HealthCheck:Active) and stops sending to one that fails (docs/deployment.md).
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver();

var app = builder.Build();
app.UseSecurityHeaders();
app.UseServiceDefaults();
app.UseCors();
// After authentication: a valid token's subject is the caller to limit.
app.UseRateLimiter();
app.UseCanonicalPathsOnly();
app.UseProxyErrorProblems();
app.MapDefaultEndpoints();
app.MapDevTokens();
app.MapReverseProxy(proxy => proxy.UseReplicaFailover());
// One reference for frontend teams: every service's OpenAPI document, proxied as /openapi/{service}.json.
app.MapScalarApiReference("/docs", options => options
    .WithTitle("Fabriques de Territoire — API")
    .AddDocuments(ResourceNames.Directory, ResourceNames.Candidature, ResourceNames.Grants, ResourceNames.Notification))
    .AllowAnonymous();

app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;

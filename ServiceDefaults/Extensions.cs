using System.Text.Json;
using System.Text.Json.Serialization;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Health;
using Fabriques.ServiceDefaults.Http;
using Fabriques.ServiceDefaults.OpenApi;
using Fabriques.ServiceDefaults.Redaction;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Fabriques.ServiceDefaults;

/// <summary>What every process of the platform gets: telemetry, health, discovery, resilience, errors, auth.</summary>
public static class Extensions
{
    public const string LiveTag = "live";
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    /// <summary>Sources and meters of the platform's own building blocks, exported like the framework's.</summary>
    public const string FabriquesTelemetryPrefix = "Fabriques.*";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        // A line when a check changes state, rather than one per probe: see HealthStatusLog.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IHealthCheckPublisher, HealthStatusLog>();
        builder.Services.Configure<HealthCheckPublisherOptions>(publisher =>
        {
            publisher.Delay = TimeSpan.FromSeconds(2);
            publisher.Period = TimeSpan.FromSeconds(10);
        });
        builder.Logging.AddFilter(HealthStatusLog.FrameworkCategory, LogLevel.Critical);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddProblemDetailsAndErrors();
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddDocumentedAnswers();
        builder.Services.ConfigureAll<OpenApiOptions>(options =>
        {
            options.CreateSchemaReferenceId = SchemaNames.Of;
            options.AddRequestExamples();
            options.AddRequestSchemas();
            options.AddDocumentInfo();
            options.AddDocumentTags();
        });
        builder.AddJwtAuthentication();
        builder.AddDefaultRequestTimeouts();
        return builder;
    }

    /// <summary>
    /// The platform's JSON conventions: camelCase, kebab-case enum values, numbers as JSON numbers only (a quoted
    /// number is a 400, and the OpenAPI documents say <c>number</c>, never "number or string").
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }

    private static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Personal data and secrets never leave the process in logs or spans, whoever writes them.
        builder.Services.AddLogRedaction();
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter("MassTransit", FabriquesTelemetryPrefix))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(TraceSampleRatio(builder))))
                .AddRedaction()
                .AddSource(builder.Environment.ApplicationName, "MassTransit", FabriquesTelemetryPrefix)
                .AddAspNetCoreInstrumentation(o =>
                    // Probes every few seconds would drown the business traces.
                    o.Filter = context => !context.Request.Path.StartsWithSegments(HealthPath)
                                          && !context.Request.Path.StartsWithSegments(AlivePath))
                // The gateway probes every replica's /health every few seconds (YARP's active health checks).
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request =>
                    request.RequestUri?.AbsolutePath is not (HealthPath or AlivePath))
                .AddNpgsql());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Configuration key of the share of new traces recorded (0 to 1).</summary>
    public const string TraceSampleRatioKey = "Telemetry:TraceSampleRatio";

    /// <summary>
    /// Every trace in Development and tests, where people read them one by one; a tenth elsewhere unless configured,
    /// since each recorded span costs CPU on the hot path. Parent-based: a request or an event that arrives in a
    /// sampled trace is recorded wherever it goes, so a trace is whole or absent, never cut.
    /// </summary>
    private static double TraceSampleRatio(IHostApplicationBuilder builder) =>
        Math.Clamp(builder.Configuration.GetValue<double?>(TraceSampleRatioKey)
                   ?? (builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing") ? 1.0 : 0.1), 0, 1);

    /// <summary>
    /// Middleware every service shares, in order: errors as problem details, correlation id, readable bodies, request
    /// timeouts, auth.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCorrelationId();
        app.UseKnownRequestCharset();
        app.UseRequestTimeouts();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// <c>/health</c> is readiness (every check: database, broker, ...), <c>/alive</c> liveness; both in every
    /// environment, because orchestrators probe production too. Neither reveals more than check names and states.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync })
            .AllowAnonymous();
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymous();
        return app;
    }
}

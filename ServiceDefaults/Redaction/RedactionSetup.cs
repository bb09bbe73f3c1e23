using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Fabriques.ServiceDefaults.Redaction;

internal static class RedactionSetup
{
    /// <summary>Every logger of the process writes through the <see cref="Redactor"/>.</summary>
    public static IServiceCollection AddLogRedaction(this IServiceCollection services)
    {
        services.TryAddSingleton<Redactor>();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new RedactingLoggerFactory(
            ActivatorUtilities.CreateInstance<LoggerFactory>(provider), provider.GetRequiredService<Redactor>())));
        return services;
    }

    /// <summary>Spans are redacted when they end, before the exporters added after this see them.</summary>
    public static TracerProviderBuilder AddRedaction(this TracerProviderBuilder tracing) =>
        tracing.AddProcessor(provider => new RedactingActivityProcessor(provider.GetRequiredService<Redactor>()));
}

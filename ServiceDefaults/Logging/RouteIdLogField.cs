using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fabriques.ServiceDefaults.Logging;

public static class RouteIdLogField
{
    /// <summary>
    /// Logs written while an endpoint of the group handles a request with an <c>{id}</c> in its route carry that id
    /// as the structured field <paramref name="field"/> (e.g. <c>CandidatureId</c>), so an operator finds every log
    /// about one candidature, grant or place by filtering on it.
    /// </summary>
    public static RouteGroupBuilder WithRouteIdInLogs(this RouteGroupBuilder group, string field) =>
        group.AddEndpointFilterFactory((endpoint, next) =>
        {
            var logger = endpoint.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RouteIdLogField));
            return async context =>
            {
                if (!Guid.TryParse(context.HttpContext.GetRouteValue("id") as string, out var id))
                {
                    return await next(context);
                }
                using (logger.BeginScope(new Dictionary<string, object> { [field] = id }))
                {
                    return await next(context);
                }
            };
        });
}

namespace Fabriques.Gateway.Proxy;

/// <summary>
/// Routes match the decoded path, dot segments already removed; but an encoded slash (<c>%2F</c>) or a backslash
/// stays inside one segment here and a service, or a proxy behind, may read it as a separator and climb out of
/// the route's prefix. No API path needs either, so such a path is unknown: 404.
/// </summary>
public static class CanonicalPaths
{
    public static IApplicationBuilder UseCanonicalPathsOnly(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            if (path.Contains("%2F", StringComparison.OrdinalIgnoreCase) || path.Contains('\\', StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        });
}

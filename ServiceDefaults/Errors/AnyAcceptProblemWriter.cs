using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Fabriques.ServiceDefaults.Errors;

/// <summary>
/// Writes problem details as JSON when the caller's <c>Accept</c> asks for something else (a browser's
/// <c>text/html</c>): the default writer declines then, and an error nobody writes would reach the framework's
/// fallbacks — an empty 500, or in Development a page showing the stack trace.
/// </summary>
internal sealed class AnyAcceptProblemWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(
            context.ProblemDetails, options: null, contentType: "application/problem+json", context.HttpContext.RequestAborted));
    }
}

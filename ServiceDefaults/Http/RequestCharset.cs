using System.Text;
using Fabriques.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Fabriques.ServiceDefaults.Http;

/// <summary>
/// A body declared in a character set nobody can decode (<c>Content-Type: application/json; charset=nope</c>) is a
/// 415 answered up front: the framework's JSON reader would otherwise throw an exception that is not a bad request,
/// and the caller would get a 500 for their own mistake.
/// </summary>
public static class RequestCharset
{
    public static IApplicationBuilder UseKnownRequestCharset(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
                && HeaderUtilities.RemoveQuotes(contentType.Charset).Value is { Length: > 0 } charset
                && !IsKnown(charset))
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status415UnsupportedMediaType,
                        Type = ProblemTypes.UnsupportedCharset,
                        Title = "Jeu de caractères inconnu",
                        Detail = $"Le jeu de caractères « {charset} » de l'en-tête Content-Type est inconnu : envoyez le corps en UTF-8 (charset=utf-8).",
                    },
                });
                return;
            }
            await next(context);
        });

    private static bool IsKnown(string charset)
    {
        try
        {
            Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

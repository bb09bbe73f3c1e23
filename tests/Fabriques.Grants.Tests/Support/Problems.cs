using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fabriques.Grants.Tests.Support;

public static class Problems
{
    /// <summary>Asserts an RFC 9457 answer with <paramref name="status"/>, <paramref name="type"/> and a detail; returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>Asserts a validation 400 naming every one of <paramref name="fields"/>.</summary>
    public static async Task AssertInvalidAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, Fabriques.ServiceDefaults.Errors.ProblemTypes.Validation);
        var errors = problem.GetProperty("errors");
        Assert.All(fields, field => Assert.True(errors.TryGetProperty(field, out _), $"no error for {field} in {errors}"));
    }
}

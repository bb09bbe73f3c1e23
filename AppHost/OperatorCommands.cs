using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.ServiceDefaults.Authentication;

namespace Fabriques.AppHost;

/// <summary>
/// Buttons of the dashboard's resource page that call a service's operator endpoints as a gestionnaire: the AppHost
/// asks the development issuer (the gateway's <c>/dev/token</c>) for the token, so no one pastes a token to fix a
/// backlog, and the AppHost holds no key that could sign one.
/// </summary>
internal static class OperatorCommands
{
    public const string ReplayDeadLetters = "replay-dead-letters";
    public const string RetryFailedWebhooks = "retry-failed-webhooks";
    public const string LoadSeedData = "load-seed-data";

    public const string OperatorSubject = "apphost:operator";
    public const string OperatorName = "Opérateur (tableau de bord Aspire)";

    /// <summary>The address its token proves: the subject, with its colon, is not the local part of an address.</summary>
    public const string OperatorEmail = "apphost-operator@example.org";

    /// <summary>
    /// A command that POSTs <paramref name="path"/> and shows <paramref name="describe"/> of the JSON answer (e.g.
    /// "12 messages replayed"), or the problem the service answered.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOperatorCommand(
        this IResourceBuilder<ProjectResource> service, EndpointReference issuer,
        string name, string displayName, string description, string iconName, string path, Func<JsonElement, string> describe) =>
        service.WithHttpCommand(path, displayName, commandName: name, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = description,
            IconName = iconName,
            PrepareRequest = async context =>
            {
                using var answer = await context.HttpClient.PostAsJsonAsync(new Uri(new Uri(issuer.Url), "/dev/token"),
                    new { sub = OperatorSubject, name = OperatorName, email = OperatorEmail, roles = new[] { Roles.Gestionnaire } },
                    context.CancellationToken);
                answer.EnsureSuccessStatusCode();
                var token = await answer.Content.ReadFromJsonAsync<JsonElement>(context.CancellationToken);
                context.Request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
            },
            GetCommandResult = async context =>
            {
                var body = await context.Response.Content.ReadAsStringAsync(context.CancellationToken);
                if (!context.Response.IsSuccessStatusCode)
                {
                    return CommandResults.Failure($"{path} answered {(int)context.Response.StatusCode}: {body}");
                }
                using var answer = JsonDocument.Parse(body);
                return CommandResults.Success(describe(answer.RootElement));
            },
        });

    /// <summary><c>POST {prefix}/operations/dead-letters/replay</c>, on each service.</summary>
    public static IResourceBuilder<ProjectResource> WithReplayDeadLettersCommand(
        this IResourceBuilder<ProjectResource> service, EndpointReference issuer, string routePrefix) =>
        service.WithOperatorCommand(issuer, ReplayDeadLetters, "Replay dead letters",
            "Send every message of this service's _error queues back to its queue (once the cause is fixed).",
            "ArrowRepeatAll", $"{routePrefix}/operations/dead-letters/replay",
            answer => Count(answer.GetProperty("replayed").GetInt32(), "message replayed", "messages replayed"));

    public static string Count(int count, string singular, string plural) => $"{count} {(count == 1 ? singular : plural)}";
}

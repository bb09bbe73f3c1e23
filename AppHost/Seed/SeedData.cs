using System.Globalization;
using Fabriques.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fabriques.AppHost.Seed;

/// <summary>
/// Development's seed data: the 16 Fabriques of Région Sud (the directory's import of the 2022 inventory), then the
/// <see cref="DemoProgramme"/>, all through the gateway as the programme's people, so the data went through the same
/// rules, events and e-mails as real data (docs/adr/0015-demo-data-through-the-public-api.md). Loaded by the dashboard's
/// "Load seed data" button on the directory, or at start with <c>--seed-demo</c> (<c>Seed:Demo=true</c>), as the
/// <c>demo-seed</c> resource. Never outside Development: there is no development issuer to sign the demo people in.
/// </summary>
internal static partial class SeedData
{
    public const string DemoAtStartKey = "Seed:Demo";
    public const string DemoAtStartSwitch = "--seed-demo";

    /// <summary>The property of the <c>demo-seed</c> resource that says what the load did, or why it failed.</summary>
    public const string ReportProperty = "seed.report";

    /// <summary>The command line with <c>--seed-demo</c> read as <c>--Seed:Demo=true</c>.</summary>
    public static string[] ReadSwitches(string[] args) =>
        [.. args.Select(a => a == DemoAtStartSwitch ? $"--{DemoAtStartKey}=true" : a)];

    public static void AddSeedData(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> directory, IResourceBuilder<ProjectResource> gateway)
    {
        var atStart = builder.Configuration.GetValue<bool>(DemoAtStartKey);
        if (!builder.Environment.IsDevelopment())
        {
            if (atStart)
            {
                throw new InvalidOperationException(
                    $"{DemoAtStartKey} (or {DemoAtStartSwitch}) is for Development only: demo data never goes into a real programme.");
            }
            return;
        }
        var seed = new Loader(gateway.GetEndpoint("http"));
        directory.WithCommand(OperatorCommands.LoadSeedData, "Load seed data",
            async context =>
            {
                try
                {
                    return CommandResults.Success(await seed.LoadAsync(context.Logger, context.CancellationToken));
                }
                catch (Exception e) when (e is DemoSeedException or HttpRequestException)
                {
                    return CommandResults.Failure(e.Message);
                }
            },
            new CommandOptions
            {
                Description = "Import the 16 Fabriques of Région Sud, then bring the demo programme (waves, candidatures in every state, " +
                              "grants, labels, e-mails, events) through the gateway. Idempotent: a second run changes nothing.",
                IconName = "DatabaseArrowDown",
            });
        if (atStart)
        {
            builder.AddResource(new DemoSeedResource(ResourceNames.DemoSeed))
                .WithInitialState(new CustomResourceSnapshot { ResourceType = "Seed", State = KnownResourceStates.Waiting, Properties = [] })
                .OnInitializeResource((resource, initialize, ct) =>
                {
                    // The handler returns at once: the seed waits for the gateway, which the orchestrator starts meanwhile.
                    _ = LoadAtStartAsync(seed, resource, initialize, ct);
                    return Task.CompletedTask;
                });
        }
    }

    private static async Task LoadAtStartAsync(Loader seed, DemoSeedResource resource, InitializeResourceEvent initialize, CancellationToken ct)
    {
        var notifications = initialize.Notifications;
        try
        {
            await notifications.WaitForResourceHealthyAsync(ResourceNames.Gateway, ct);
            await notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
            var report = await seed.LoadAsync(initialize.Logger, ct);
            LogLoaded(initialize.Logger, report);
            await notifications.PublishUpdateAsync(resource, s => s with
            {
                State = new ResourceStateSnapshot(KnownResourceStates.Finished, KnownResourceStateStyles.Success), ExitCode = 0, StopTimeStamp = DateTime.UtcNow,
                Properties = [.. s.Properties, new ResourcePropertySnapshot(ReportProperty, report)],
            });
        }
        catch (Exception e) when (e is DemoSeedException or HttpRequestException or OperationCanceledException)
        {
            LogFailed(initialize.Logger, e);
            await notifications.PublishUpdateAsync(resource, s => s with
            {
                State = new ResourceStateSnapshot(KnownResourceStates.Finished, KnownResourceStateStyles.Error), ExitCode = 1, StopTimeStamp = DateTime.UtcNow,
                Properties = [.. s.Properties, new ResourcePropertySnapshot(ReportProperty, e.Message)],
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed data loaded: {Report}")]
    private static partial void LogLoaded(ILogger logger, string report);

    [LoggerMessage(Level = LogLevel.Error, Message = "Seed data not loaded")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    /// <summary>One load at a time (the button pressed during the start's load waits for it), with the demo people's tokens kept.</summary>
    private sealed class Loader(EndpointReference gateway)
    {
        private readonly SemaphoreSlim _oneAtATime = new(1, 1);
        private DemoUsers? _users;

        /// <summary>e.g. "16 created, 0 updated; demo programme: 74 changes", then "0 created, 0 updated; demo programme: 0 changes".</summary>
        public async Task<string> LoadAsync(ILogger logger, CancellationToken ct)
        {
            await _oneAtATime.WaitAsync(ct);
            try
            {
                _users ??= new DemoUsers(new HttpClient { BaseAddress = new Uri(gateway.Url) });
                var gestionnaire = await _users.SignInAsync(DemoProgramme.Gestionnaire, ct);
                // No Idempotency-Key: the import is idempotent itself, and a replayed answer would repeat "16 created".
                var places = await gestionnaire.PostAsync("/api/directory/operations/seed", body: null, idempotencyKey: null, ct);
                var changes = await new DemoProgramme(_users, logger).LoadAsync(DateTimeOffset.UtcNow, ct);
                return string.Create(CultureInfo.InvariantCulture,
                    $"{places.GetProperty("created").GetInt32()} created, {places.GetProperty("updated").GetInt32()} updated; " +
                    $"demo programme: {OperatorCommands.Count(changes, "change", "changes")}");
            }
            finally
            {
                _oneAtATime.Release();
            }
        }
    }
}

/// <summary>The start's load of the seed, shown on the dashboard: running, then finished (exit code 0) or failed (1), with its log.</summary>
internal sealed class DemoSeedResource(string name) : Resource(name);

using Fabriques.AppHost;
using Fabriques.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args);

// Official image tags, pinned: eng/prerequisites.sh provides them under the same names where no registry is reachable.
var postgres = builder.AddPostgres(ResourceNames.Postgres)
    .WithImageTag("17");
var rabbitMq = builder.AddRabbitMQ(ResourceNames.RabbitMq)
    .WithManagementPlugin()
    .WithImageTag("4.0-management");

var directory = AddService<Projects.Fabriques_Directory>(ResourceNames.Directory, ResourceNames.DirectoryDb);
var candidature = AddService<Projects.Fabriques_Candidature>(ResourceNames.Candidature, ResourceNames.CandidatureDb);
var grants = AddService<Projects.Fabriques_Grants>(ResourceNames.Grants, ResourceNames.GrantsDb);
var notification = AddService<Projects.Fabriques_Notification>(ResourceNames.Notification, ResourceNames.NotificationDb);

// A real SMTP server that keeps every e-mail, with a web UI to read them (smtp4dev, a tool of the repo's manifest).
var smtp = builder.AddExecutable(ResourceNames.Smtp, "dotnet", Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..")),
        "tool", "run", "smtp4dev", "--", "--urls=http://localhost:5025", "--smtpport=2525", "--imapport=", "--pop3port=",
        "--db=", "--allowremoteconnections-")
    .WithHttpEndpoint(port: 5025, name: "http", isProxied: false)
    .WithEndpoint(port: 2525, name: "smtp", scheme: "smtp", isProxied: false)
    .WithHttpHealthCheck("/");
var smtpEndpoint = smtp.GetEndpoint("smtp");
notification
    .WithEnvironment("Smtp__Host", smtpEndpoint.Property(EndpointProperty.Host))
    .WithEnvironment("Smtp__Port", smtpEndpoint.Property(EndpointProperty.Port))
    .WithEnvironment("Smtp__Security", "None");

var gateway = builder.AddProject<Projects.Fabriques_Gateway>(ResourceNames.Gateway)
    .WithReference(directory).WaitFor(directory)
    .WithReference(candidature).WaitFor(candidature)
    .WithReference(grants).WaitFor(grants)
    .WithReference(notification).WaitFor(notification)
    .WithReadinessCheck()
    .WithExternalHttpEndpoints();

// The gateway is the development identity provider: the services fetch its public keys (JWKS) when the first token
// arrives, and the operator commands ask it for a token. No process but the gateway holds a signing key.
var issuer = gateway.GetEndpoint("http");
foreach (var (service, routePrefix) in new[]
         {
             (directory, "/api/directory"), (candidature, "/api/candidatures"), (grants, "/api/grants"), (notification, "/api/notifications"),
         })
{
    service.WithEnvironment("Jwt__Authority", issuer)
        .WithReplayDeadLettersCommand(issuer, routePrefix);
}
directory.WithOperatorCommand(issuer, OperatorCommands.LoadSeedData, "Load seed data",
    "Import the 16 Fabriques of Région Sud (idempotent: what is there already stays as it is).",
    "DatabaseArrowDown", "/api/directory/operations/seed",
    answer => $"{answer.GetProperty("created").GetInt32()} created, {answer.GetProperty("updated").GetInt32()} updated");
notification.WithOperatorCommand(issuer, OperatorCommands.RetryFailedWebhooks, "Retry failed webhooks",
    "Try again now every webhook delivery that failed or was given up, for active subscriptions.",
    "ArrowClockwise", "/api/notifications/operations/webhook-deliveries/retry-failed",
    answer => OperatorCommands.Count(answer.GetProperty("rescheduled").GetInt32(), "delivery rescheduled", "deliveries rescheduled"));

builder.Build().Run();

// A service: its own database on the shared server, the broker; started once both are healthy.
IResourceBuilder<ProjectResource> AddService<TProject>(string name, string databaseName)
    where TProject : IProjectMetadata, new()
{
    var database = postgres.AddDatabase(databaseName);
    return builder.AddProject<TProject>(name)
        .WithReference(database).WaitFor(database)
        .WithReference(rabbitMq).WaitFor(rabbitMq)
        .WithReadinessCheck();
}

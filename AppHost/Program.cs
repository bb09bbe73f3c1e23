using Fabriques.AppHost;
using Fabriques.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args);

// Official image tags, pinned: eng/prerequisites.sh provides them under the same names where no registry is reachable.
var postgres = builder.AddPostgres(ResourceNames.Postgres)
    .WithImageTag("17");
var rabbitMq = builder.AddRabbitMQ(ResourceNames.RabbitMq)
    .WithManagementPlugin()
    .WithImageTag("4.0-management");

var replicas = Replicas.Count(builder.Configuration);

var directory = AddService<Projects.Fabriques_Directory>(ResourceNames.Directory, ResourceNames.DirectoryDb);
var candidature = AddService<Projects.Fabriques_Candidature>(ResourceNames.Candidature, ResourceNames.CandidatureDb);
var grants = AddService<Projects.Fabriques_Grants>(ResourceNames.Grants, ResourceNames.GrantsDb);
var notification = AddService<Projects.Fabriques_Notification>(ResourceNames.Notification, ResourceNames.NotificationDb);

// A real SMTP server that keeps every e-mail, with a web UI to read them (smtp4dev, a tool of the repo's manifest).
var smtp = builder.AddExecutable(ResourceNames.Smtp, "dotnet", Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..")),
        "tool", "run", "smtp4dev", "--", "--imapport=", "--pop3port=", "--db=", "--allowremoteconnections-")
    .WithHttpEndpoint(port: 5025, name: "http", isProxied: false)
    .WithEndpoint(port: 2525, name: "smtp", scheme: "smtp", isProxied: false)
    .WithHttpHealthCheck("/");
var smtpEndpoint = smtp.GetEndpoint("smtp");
// Its ports are read from its endpoints, so a test platform running beside another can move them.
smtp.WithArgs(
    ReferenceExpression.Create($"--urls=http://localhost:{smtp.GetEndpoint("http").Property(EndpointProperty.Port)}"),
    ReferenceExpression.Create($"--smtpport={smtpEndpoint.Property(EndpointProperty.Port)}"));
// The secret that encrypts the Data Protection keys of the webhook secrets: generated per run, as the database is.
var keyEncryptionKey = builder.AddParameter("notification-key-encryption-key",
    new GenerateParameterDefault { MinLength = 44, Special = false }, secret: true);
foreach (var replica in notification)
{
    replica
        .WithEnvironment("DataProtection__KeyEncryptionKey", keyEncryptionKey)
        .WithEnvironment("Smtp__Host", smtpEndpoint.Property(EndpointProperty.Host))
        .WithEnvironment("Smtp__Port", smtpEndpoint.Property(EndpointProperty.Port))
        .WithEnvironment("Smtp__Security", "None")
        // Partners' broker accounts are made through RabbitMQ's management API.
        .WithEnvironment("PartnerBroker__ManagementUrl", rabbitMq.GetEndpoint("management"));
}

// The gateway starts once each service answers, Healthy or Degraded: a lagging outbox must not keep the platform shut.
var gateway = builder.AddProject<Projects.Fabriques_Gateway>(ResourceNames.Gateway)
    .WithReplicasOf(directory)
    .WithReplicasOf(candidature)
    .WithReplicasOf(grants)
    .WithReplicasOf(notification)
    .WithReadinessCheck()
    .WithExternalHttpEndpoints();

// The gateway is the development identity provider: the services fetch its public keys (JWKS) when the first token
// arrives, and the operator commands ask it for a token. No process but the gateway holds a signing key. The
// dashboard's buttons are on the first replica of each service.
var issuer = gateway.GetEndpoint("http");
foreach (var (service, routePrefix) in new[]
         {
             (directory, "/api/directory"), (candidature, "/api/candidatures"), (grants, "/api/grants"), (notification, "/api/notifications"),
         })
{
    foreach (var replica in service)
    {
        replica.WithEnvironment("Jwt__Authority", issuer);
    }
    service[0].WithReplayDeadLettersCommand(issuer, routePrefix);
}
directory[0].WithOperatorCommand(issuer, OperatorCommands.LoadSeedData, "Load seed data",
    "Import the 16 Fabriques of Région Sud (idempotent: what is there already stays as it is).",
    "DatabaseArrowDown", "/api/directory/operations/seed",
    answer => $"{answer.GetProperty("created").GetInt32()} created, {answer.GetProperty("updated").GetInt32()} updated");
notification[0].WithOperatorCommand(issuer, OperatorCommands.RetryFailedWebhooks, "Retry failed webhooks",
    "Try again now every webhook delivery that failed or was given up, for active subscriptions.",
    "ArrowClockwise", "/api/notifications/operations/webhook-deliveries/retry-failed",
    answer => OperatorCommands.Count(answer.GetProperty("rescheduled").GetInt32(), "delivery rescheduled", "deliveries rescheduled"));

builder.Build().Run();

// A service's replicas: its own database on the shared server, the broker; started once both are healthy.
IResourceBuilder<ProjectResource>[] AddService<TProject>(string name, string databaseName)
    where TProject : IProjectMetadata, new()
{
    var database = postgres.AddDatabase(databaseName);
    var service = Enumerable.Range(0, replicas).Select(index =>
    {
        var replica = builder.AddProject<TProject>(Replicas.Name(name, index))
            .WithReference(database).WaitFor(database)
            .WithReference(rabbitMq).WaitFor(rabbitMq)
            .WithReadinessCheck();
        if (replicas > 1)
        {
            replica.OnOwnPort(index);
        }
        return replica;
    }).ToArray();
    // As in a release, one process migrates: the first replica, at start; the others start once it is up.
    foreach (var replica in service.Skip(1))
    {
        replica.WithEnvironment("Database__MigrateAtStartup", "false").WaitForHealthyOrDegraded(service[0]);
    }
    return service;
}

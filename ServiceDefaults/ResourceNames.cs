namespace Fabriques.ServiceDefaults;

/// <summary>
/// Names of the resources of the app model. The AppHost declares them; services use them as
/// connection-string names; tests use them to find what the AppHost started.
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string RabbitMq = "messaging";
    public const string Smtp = "smtp";

    /// <summary>The start's load of the demo data (<c>--seed-demo</c>, Development only): finished once it is all there.</summary>
    public const string DemoSeed = "demo-seed";

    public const string Gateway = "gateway";
    public const string Directory = "directory";
    public const string Candidature = "candidature";
    public const string Grants = "grants";
    public const string Notification = "notification";

    public const string DirectoryDb = "directorydb";
    public const string CandidatureDb = "candidaturedb";
    public const string GrantsDb = "grantsdb";
    public const string NotificationDb = "notificationdb";
}

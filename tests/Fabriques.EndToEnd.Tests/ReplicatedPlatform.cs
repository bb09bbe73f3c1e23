namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// The platform with two replicas of every service, as in production, started once for the replica fault test. It
/// runs beside the one-replica <see cref="Platform"/> of the other tests, so its SMTP server takes other ports.
/// </summary>
public sealed class ReplicatedPlatform() : Platform(replicas: 2, new SmtpPorts(Smtp: 2526, Http: 5026));

/// <summary>
/// The replica fault test runs alone: its platform starts only once the other tests are done, so that they do not
/// share the machine's two cores with its nine processes starting.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicaFaultCollection : ICollectionFixture<ReplicatedPlatform>
{
    public const string Name = "replica faults";
}

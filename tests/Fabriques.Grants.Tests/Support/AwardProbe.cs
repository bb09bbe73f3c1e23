using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Grants;
using Fabriques.Testing;

namespace Fabriques.Grants.Tests.Support;

/// <summary>
/// Plays the candidature service on the broker: publishes acceptances into the grants service and watches what it
/// answers (<see cref="GrantAwarded"/> or <see cref="GrantAwardRefused"/>).
/// </summary>
public sealed class AwardProbe : IAsyncDisposable
{
    private AwardProbe(EventProbe<GrantAwarded> awarded, EventProbe<GrantAwardRefused> refused)
    {
        Awarded = awarded;
        Refused = refused;
    }

    public EventProbe<GrantAwarded> Awarded { get; }
    public EventProbe<GrantAwardRefused> Refused { get; }

    public static async Task<AwardProbe> StartAsync(ServiceHost<Program> host) =>
        new(await EventProbe<GrantAwarded>.StartAsync(host.BrokerUri), await EventProbe<GrantAwardRefused>.StartAsync(host.BrokerUri));

    public Task PublishAsync(CandidatureAccepted accepted) => Awarded.Bus.Publish(accepted, TestContext.Current.CancellationToken);

    /// <summary>Publishes <paramref name="accepted"/> and waits until its grant is awarded.</summary>
    public async Task<GrantAwarded> AwardAsync(CandidatureAccepted accepted)
    {
        await PublishAsync(accepted);
        return await AwardedAsync(accepted);
    }

    /// <summary>Publishes <paramref name="accepted"/> and waits until its award is refused.</summary>
    public async Task<GrantAwardRefused> RefuseAsync(CandidatureAccepted accepted)
    {
        await PublishAsync(accepted);
        return (await Refused.WaitForAsync(e => e.CandidatureId == accepted.CandidatureId)).Message;
    }

    public async Task<GrantAwarded> AwardedAsync(CandidatureAccepted accepted) =>
        (await Awarded.WaitForAsync(e => e.CandidatureId == accepted.CandidatureId && e.Acceptance == accepted.Sequence)).Message;

    /// <summary>Waits until every one of <paramref name="acceptances"/> was either awarded or refused.</summary>
    public Task SettledAsync(IEnumerable<CandidatureAccepted> acceptances)
    {
        var ids = acceptances.Select(a => a.CandidatureId).ToHashSet();
        return Eventually.SucceedsAsync(
            () => Task.FromResult(ids.All(id => Awarded.Received.Any(e => e.Message.CandidatureId == id)
                                               || Refused.Received.Any(e => e.Message.CandidatureId == id))),
            TimeSpan.FromSeconds(60), "not every acceptance was awarded or refused");
    }

    public async ValueTask DisposeAsync()
    {
        await Awarded.DisposeAsync();
        await Refused.DisposeAsync();
    }
}

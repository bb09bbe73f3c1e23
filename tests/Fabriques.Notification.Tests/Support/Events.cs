using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Grants;
using Fabriques.Testing;

namespace Fabriques.Notification.Tests.Support;

/// <summary>Events as the other services publish them, each for a new porteur with their own mailbox.</summary>
public static class Events
{
    public static Contact NewContact() =>
        new("Association La Ruche de Malijai", "Camille Martin", $"camille.{Guid.NewGuid():N}@example.org");

    public static CandidatureSubmitted Submitted(string owner, Contact contact) => new()
    {
        CandidatureId = Guid.CreateVersion7(),
        PlaceId = Guid.CreateVersion7(),
        OwnerId = owner,
        Contact = contact,
        ProjectTitle = "Atelier partagé de la vallée",
        WaveId = Guid.CreateVersion7(),
        WaveName = "Vague 3 — printemps 2027",
        Deadline = new DateTimeOffset(2027, 3, 15, 23, 0, 0, TimeSpan.Zero),
    };

    public static CandidatureRejected Rejected(string owner, Contact contact, string motivation) => new()
    {
        CandidatureId = Guid.CreateVersion7(),
        PlaceId = Guid.CreateVersion7(),
        OwnerId = owner,
        Contact = contact,
        ProjectTitle = "Atelier partagé de la vallée",
        Motivation = motivation,
    };

    public static GrantAwarded Awarded(string owner, Contact contact) => new()
    {
        GrantId = Guid.CreateVersion7(),
        CandidatureId = Guid.CreateVersion7(),
        PlaceId = Guid.CreateVersion7(),
        OwnerId = owner,
        Contact = contact,
        Territory = TerritoryKind.Qpv,
        Digital = true,
        Total = 250_000m,
        Instalments =
        [
            new InstalmentPlan(1, 150_000m, new DateOnly(2027, 1, 15)),
            new InstalmentPlan(2, 50_000m, new DateOnly(2028, 1, 15)),
            new InstalmentPlan(3, 50_000m, new DateOnly(2029, 1, 15)),
        ],
    };

    /// <summary>Publishes <paramref name="events"/> into the service, as the other services would.</summary>
    public static async Task PublishAsync(string brokerUri, params IntegrationEvent[] events)
    {
        await using var publisher = await EventProbe<CandidatureSubmitted>.StartAsync(brokerUri);
        foreach (var @event in events)
        {
            await publisher.Bus.Publish(@event, @event.GetType(), TestContext.Current.CancellationToken);
        }
    }
}

using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;

namespace Fabriques.Candidature.Domain;

public enum WaveState
{
    Scheduled,
    Open,
    Closed,
}

/// <summary>
/// A wave of the permanent call: candidatures submitted between <see cref="OpensAt"/> (included) and
/// <see cref="Deadline"/> (excluded) are examined together, and at most <see cref="MaxLaureates"/> are accepted.
/// </summary>
public sealed class Wave
{
    public const int DefaultMaxLaureates = 30;

    private Wave() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public DateTimeOffset OpensAt { get; private set; }
    public DateTimeOffset Deadline { get; private set; }
    public int MaxLaureates { get; private set; }
    /// <summary>Candidatures accepted in this wave; kept by the database, never above <see cref="MaxLaureates"/>.</summary>
    public int Laureates { get; private set; }
    public bool OpeningAnnounced { get; private set; }
    public bool ClosingAnnounced { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    /// <summary>Kinds of document a candidature must carry to be submitted to this wave.</summary>
    public DocumentKind[] RequiredDocuments { get; private set; } = [];

    public static Wave Schedule(
        string name, DateTimeOffset opensAt, DateTimeOffset deadline, int maxLaureates, string by, DateTimeOffset now,
        IEnumerable<DocumentKind>? requiredDocuments = null) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = name,
        OpensAt = opensAt.ToUniversalTime(), // PostgreSQL stores instants: UTC in, UTC out
        Deadline = deadline.ToUniversalTime(),
        MaxLaureates = maxLaureates,
        CreatedAt = now,
        CreatedBy = by,
        RequiredDocuments = [.. (requiredDocuments ?? []).Distinct().Order()],
    };

    /// <summary>The required kinds missing among <paramref name="present"/>, in the wave's order.</summary>
    public IReadOnlyList<DocumentKind> MissingDocuments(IEnumerable<DocumentKind> present) => [.. RequiredDocuments.Except(present)];

    /// <summary>The state follows the clock alone, whether or not the announcements went out yet.</summary>
    public WaveState StateAt(DateTimeOffset now) =>
        now < OpensAt ? WaveState.Scheduled : now < Deadline ? WaveState.Open : WaveState.Closed;

    /// <summary>
    /// The announcements due at <paramref name="now"/> and not yet made (both, in order, after a long outage); marks
    /// them made. The caller publishes them in the same transaction, so each goes out once.
    /// </summary>
    public IReadOnlyList<IntegrationEvent> Announce(DateTimeOffset now)
    {
        var events = new List<IntegrationEvent>();
        if (!OpeningAnnounced && now >= OpensAt)
        {
            OpeningAnnounced = true;
            events.Add(new WaveOpened
            {
                WaveId = Id, Name = Name, OpensAt = OpensAt, Deadline = Deadline, MaxLaureates = MaxLaureates, OccurredAt = OpensAt,
            });
        }
        if (!ClosingAnnounced && now >= Deadline)
        {
            ClosingAnnounced = true;
            events.Add(new WaveClosed { WaveId = Id, Name = Name, Deadline = Deadline, OccurredAt = Deadline });
        }
        return events;
    }
}

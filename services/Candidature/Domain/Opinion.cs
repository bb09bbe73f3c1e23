namespace Fabriques.Candidature.Domain;

/// <summary>What an instructeur recommends.</summary>
public enum Verdict
{
    Favourable,
    Reserved,
    Unfavourable,
}

/// <summary>The programme's scoring grid: six criteria, each from 0 to <see cref="MaxPerCriterion"/>.</summary>
public sealed record OpinionScores(int Governance, int Partnerships, int TerritorialNeed, int EconomicModel, int Services, int DigitalInclusion)
{
    public const int MaxPerCriterion = 5;

    public const int MaxTotal = 6 * MaxPerCriterion;

    /// <summary>The criteria by their JSON names, in the grid's order.</summary>
    public IReadOnlyList<(string Criterion, int Score)> Criteria =>
    [
        ("governance", Governance), ("partnerships", Partnerships), ("territorialNeed", TerritorialNeed),
        ("economicModel", EconomicModel), ("services", Services), ("digitalInclusion", DigitalInclusion),
    ];

    public int Total => Criteria.Sum(c => c.Score);

    public bool AreInRange => Criteria.All(c => c.Score is >= 0 and <= MaxPerCriterion);
}

/// <summary>
/// An instructeur's opinion ("avis") on a candidature, on the scoring grid. Internal to instruction: shown to
/// instructeurs and gestionnaires only, never to the porteur nor in any event.
/// </summary>
public sealed class Opinion
{
    private Opinion() { }

    public Guid Id { get; private set; }
    public Guid CandidatureId { get; private set; }
    /// <summary>Subject of the instructeur who gave it.</summary>
    public string AuthorId { get; private set; } = "";
    public Verdict Verdict { get; private set; }
    public OpinionScores Scores { get; private set; } = null!;
    public string? Comment { get; private set; }
    public DateTimeOffset GivenAt { get; private set; }

    /// <summary>An opinion on <paramref name="dossier"/>, only while it is <see cref="Lifecycle.OpenToOpinions"/>.</summary>
    public static Opinion Give(Dossier dossier, string authorId, Verdict verdict, OpinionScores scores, string? comment, DateTimeOffset at)
    {
        if (!Lifecycle.OpenToOpinions.Contains(dossier.State))
        {
            throw new InvalidOperationException($"No opinion is given on a candidature while {dossier.State}.");
        }
        if (!scores.AreInRange)
        {
            throw new ArgumentOutOfRangeException(nameof(scores), $"Each criterion is scored from 0 to {OpinionScores.MaxPerCriterion}.");
        }
        return new Opinion
        {
            Id = Guid.CreateVersion7(at), CandidatureId = dossier.Id, AuthorId = authorId, Verdict = verdict, Scores = scores,
            Comment = comment, GivenAt = at,
        };
    }
}

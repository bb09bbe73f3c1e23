using Fabriques.Contracts;

namespace Fabriques.Candidature.Domain;

/// <summary>
/// A candidature to the call (a "dossier", as Démarches Simplifiées says): what the porteur wrote, where it stands,
/// and every step it went through.
/// </summary>
public sealed class Dossier
{
    private readonly List<HistoryEntry> _history = [];

    private Dossier() { }

    public Guid Id { get; private set; }
    /// <summary>Subject (<c>sub</c>) of the porteur who created it: the only one who may edit, submit or withdraw it.</summary>
    public string OwnerId { get; private set; } = "";
    public CandidatureState State { get; private set; }
    /// <summary>The wave it was attached to at its first submission.</summary>
    public Guid? WaveId { get; private set; }
    public Guid PlaceId { get; private set; }
    public Applicant Applicant { get; private set; } = null!;
    public Project Project { get; private set; } = null!;
    public Territory Territory { get; private set; } = null!;
    public bool Digital { get; private set; }
    public Funding Funding { get; private set; } = null!;
    public decimal? Score { get; private set; }
    /// <summary>Subject of the instructeur in charge of examining it, if anyone is.</summary>
    public string? AssignedTo { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Row version (PostgreSQL <c>xmin</c>): the <c>ETag</c>, and the guard against concurrent changes.</summary>
    public uint Version { get; private set; }
    public IReadOnlyList<HistoryEntry> History => _history;

    /// <summary>The position of the latest step in the history: what the candidature's events carry as their sequence.</summary>
    public int Sequence => _history.Count;

    public CandidatureForm Form => new(PlaceId, Applicant, Project, Territory, Digital, Funding);

    public static Dossier Draft(CandidatureForm form, string ownerId, DateTimeOffset now)
    {
        var dossier = new Dossier { Id = Guid.CreateVersion7(now), OwnerId = ownerId, State = CandidatureState.Draft, CreatedAt = now };
        dossier.Edit(form, now);
        return dossier;
    }

    public bool IsEditable => Lifecycle.Editable.Contains(State);

    /// <summary>Replaces what the porteur wrote; only while <see cref="IsEditable"/>.</summary>
    public void Edit(CandidatureForm form, DateTimeOffset now)
    {
        if (!IsEditable)
        {
            throw new InvalidOperationException($"A candidature is not editable while {State}.");
        }
        (PlaceId, Applicant, Project, Territory, Digital, Funding) =
            (form.PlaceId, form.Applicant, form.Project, form.Territory, form.Digital, form.Funding);
        UpdatedAt = now;
    }

    public bool Allows(CandidatureAction action) => Lifecycle.Allows(State, action);

    /// <summary>
    /// Why <paramref name="by"/> may not do <paramref name="action"/> now, or null when <see cref="Apply"/> may: the
    /// owner never examines nor decides their own candidature; the state must allow the action; a decision whose
    /// <paramref name="grant"/> paid money is final.
    /// </summary>
    public Refusal? RefusalOf(CandidatureAction action, string by, KnownGrant? grant = null) =>
        Lifecycle.IsInstruction(action) && OwnerId == by ? CandidatureRefusals.Owned(action)
        : !Allows(action) ? CandidatureRefusals.WrongState(State, action)
        : action == CandidatureAction.Reopen && grant is { MakesDecisionFinal: true } ? CandidatureRefusals.InstalmentPaid()
        : null;

    /// <summary>Why the porteur may not <paramref name="verb"/> it now (edit it, change its documents), or null while <see cref="IsEditable"/>.</summary>
    public Refusal? RefusalToEdit(string verb) => IsEditable ? null : CandidatureRefusals.WrongState(State, Lifecycle.Editable, verb);

    /// <summary>
    /// Moves the candidature as <paramref name="action"/> says and records it in the history. Submitting a draft
    /// attaches it to <paramref name="wave"/>; a decision records its <paramref name="score"/>, undone by a reopening,
    /// which <paramref name="grant"/> (the candidature's current grant) forbids once it paid money.
    /// </summary>
    public HistoryEntry Apply(
        CandidatureAction action, string by, DateTimeOffset at, string? motivation = null, decimal? score = null, Guid? wave = null,
        KnownGrant? grant = null)
    {
        if (!Allows(action))
        {
            throw new InvalidOperationException($"{action} is not allowed while {State}.");
        }
        if (Lifecycle.RequiresMotivation(action) && string.IsNullOrWhiteSpace(motivation))
        {
            throw new ArgumentException($"{action} must be motivated.", nameof(motivation));
        }
        if (action == CandidatureAction.Submit && WaveId is null)
        {
            WaveId = wave ?? throw new ArgumentException("A first submission is attached to a wave.", nameof(wave));
        }

        if (action == CandidatureAction.Reopen && grant is { MakesDecisionFinal: true })
        {
            throw new InvalidOperationException("A decision whose grant has a paid instalment cannot be reopened.");
        }

        var entry = new HistoryEntry(State, Lifecycle.Target(action), at, by, motivation);
        State = entry.To;
        Score = action switch
        {
            CandidatureAction.Accept or CandidatureAction.Reject or CandidatureAction.Dismiss => score,
            CandidatureAction.Reopen or CandidatureAction.RefuseGrant => null, // the decision is undone
            _ => Score,
        };
        UpdatedAt = at;
        _history.Add(entry);
        return entry;
    }

    /// <summary>
    /// A supporting document was added or removed: the candidature changed (its <c>ETag</c> too), so a submission
    /// racing with it is refused rather than made without it. Only while <see cref="IsEditable"/>.
    /// </summary>
    public void RecordDocumentsChanged(DateTimeOffset at)
    {
        if (!IsEditable)
        {
            throw new InvalidOperationException($"The documents of a candidature do not change while {State}.");
        }
        UpdatedAt = at;
    }

    public bool IsAssignable => Lifecycle.Assignable.Contains(State);

    /// <summary>Why no instructeur may be put in charge now, or null while <see cref="IsAssignable"/>.</summary>
    public Refusal? RefusalToAssign() => IsAssignable ? null : CandidatureRefusals.WrongState(State, Lifecycle.Assignable, "attribuer");

    /// <summary>Why instructeurs may not give their opinion now, or null while it is being examined.</summary>
    public Refusal? RefusalToGiveOpinion() =>
        Lifecycle.OpenToOpinions.Contains(State) ? null : CandidatureRefusals.WrongState(State, Lifecycle.OpenToOpinions, "donner un avis sur");

    /// <summary>
    /// Puts <paramref name="instructeurId"/> in charge, as <paramref name="by"/> decided; the history records who
    /// assigned whom. The state does not change; only while <see cref="IsAssignable"/>.
    /// </summary>
    public HistoryEntry Assign(string instructeurId, string by, DateTimeOffset at)
    {
        if (!IsAssignable)
        {
            throw new InvalidOperationException($"A candidature is not assigned while {State}.");
        }
        AssignedTo = instructeurId;
        UpdatedAt = at;
        var entry = new HistoryEntry(State, State, at, by, Motivation: null, AssignedTo: instructeurId);
        _history.Add(entry);
        return entry;
    }

}

/// <summary>
/// One step of a candidature: who moved it, when, from which state to which, and why; or, with
/// <see cref="AssignedTo"/>, who put which instructeur in charge (the state then stays the same).
/// </summary>
public sealed record HistoryEntry(
    CandidatureState From, CandidatureState To, DateTimeOffset At, string By, string? Motivation, string? AssignedTo = null);

using Fabriques.Candidature.Domain;
using Fabriques.Contracts.Candidature;
using static Fabriques.Candidature.Domain.CandidatureAction;
using static Fabriques.Candidature.Domain.CandidatureState;

namespace Fabriques.Candidature.Tests.Domain;

public sealed class LifecycleTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid WaveId = Guid.CreateVersion7();

    /// <summary>The transitions of the contract, written out independently of the code under test.</summary>
    private static readonly Dictionary<(CandidatureState, CandidatureAction), CandidatureState> Allowed = new()
    {
        [(Draft, Submit)] = Submitted,
        [(Returned, Submit)] = Submitted,
        [(Submitted, Review)] = UnderReview,
        [(UnderReview, Return)] = Returned,
        [(UnderReview, Accept)] = Accepted,
        [(UnderReview, Reject)] = Rejected,
        [(UnderReview, Dismiss)] = Dismissed,
        [(Accepted, Reopen)] = UnderReview,
        [(Rejected, Reopen)] = UnderReview,
        [(Dismissed, Reopen)] = UnderReview,
        [(Draft, Withdraw)] = Withdrawn,
        [(Submitted, Withdraw)] = Withdrawn,
        [(Returned, Withdraw)] = Withdrawn,
        [(UnderReview, Withdraw)] = Withdrawn,
        [(Accepted, RefuseGrant)] = UnderReview,
    };

    public static TheoryData<CandidatureState, CandidatureAction> Every
    {
        get
        {
            var data = new TheoryData<CandidatureState, CandidatureAction>();
            foreach (var state in Enum.GetValues<CandidatureState>())
            {
                foreach (var action in Enum.GetValues<CandidatureAction>())
                {
                    data.Add(state, action);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Exactly_the_transitions_of_the_contract_are_allowed(CandidatureState state, CandidatureAction action)
    {
        var dossier = DossierIn(state);

        if (Allowed.TryGetValue((state, action), out var expected))
        {
            var step = dossier.Apply(action, "someone", Now.AddDays(1), "Motif", wave: WaveId);

            Assert.Equal(expected, dossier.State);
            Assert.Equal(new HistoryEntry(state, expected, Now.AddDays(1), "someone", "Motif"), step);
            Assert.Equal(step, dossier.History[^1]);
        }
        else
        {
            Assert.False(dossier.Allows(action));
            Assert.Throws<InvalidOperationException>(() => dossier.Apply(action, "someone", Now, "Motif", wave: WaveId));
            Assert.Equal(state, dossier.State);
        }
    }

    [Theory]
    [InlineData(Draft, true)]
    [InlineData(Returned, true)]
    [InlineData(Submitted, false)]
    [InlineData(UnderReview, false)]
    [InlineData(Accepted, false)]
    [InlineData(Rejected, false)]
    [InlineData(Dismissed, false)]
    [InlineData(Withdrawn, false)]
    public void Only_a_draft_or_a_returned_candidature_can_be_edited(CandidatureState state, bool editable)
    {
        var dossier = DossierIn(state);
        var changed = Form() with { Digital = false };

        Assert.Equal(editable, dossier.IsEditable);
        if (editable)
        {
            dossier.Edit(changed, Now);
            Assert.Equal(changed, dossier.Form);
        }
        else
        {
            Assert.Throws<InvalidOperationException>(() => dossier.Edit(changed, Now));
        }
    }

    [Theory]
    [InlineData(Return)]
    [InlineData(Reject)]
    [InlineData(Dismiss)]
    [InlineData(Reopen)]
    public void Returning_rejecting_dismissing_and_reopening_must_be_motivated(CandidatureAction action)
    {
        var dossier = DossierIn(Allowed.Keys.First(k => k.Item2 == action).Item1);

        Assert.Throws<ArgumentException>(() => dossier.Apply(action, "instructeur", Now, motivation: " "));
    }

    [Fact]
    public void Accepting_needs_no_motivation_and_keeps_the_score_until_reopened()
    {
        var dossier = DossierIn(UnderReview);

        dossier.Apply(Accept, "instructeur", Now, score: 17.5m);
        Assert.Equal(17.5m, dossier.Score);

        dossier.Apply(Reopen, "instructeur", Now, "Erreur de saisie");
        Assert.Null(dossier.Score);
    }

    [Fact]
    public void The_first_submission_attaches_to_the_wave_and_a_resubmission_keeps_it()
    {
        var dossier = Dossier.Draft(Form(), "porteur", Now);
        Assert.Throws<ArgumentException>(() => dossier.Apply(Submit, "porteur", Now));

        dossier.Apply(Submit, "porteur", Now, wave: WaveId);
        dossier.Apply(Review, "instructeur", Now);
        dossier.Apply(Return, "instructeur", Now, "Budget à préciser");
        dossier.Apply(Submit, "porteur", Now, wave: Guid.CreateVersion7());

        Assert.Equal(WaveId, dossier.WaveId);
        Assert.Equal([Draft, Submitted, UnderReview, Returned], dossier.History.Select(h => h.From));
    }

    [Fact]
    public void A_decision_whose_grant_paid_an_instalment_cannot_be_reopened_until_the_grant_is_cancelled()
    {
        var dossier = DossierIn(Accepted);
        var grant = KnownGrant.Learn(Guid.CreateVersion7(), dossier.Id, dossier.PlaceId, dossier.Sequence);
        grant.RecordPayment();

        Assert.Throws<InvalidOperationException>(() => dossier.Apply(Reopen, "instructeur", Now, "Revoir", grant: grant));
        Assert.Equal(Accepted, dossier.State);

        grant.Cancel();
        dossier.Apply(Reopen, "instructeur", Now, "Revoir", grant: grant);
        Assert.Equal(UnderReview, dossier.State);
    }

    [Fact]
    public void The_grant_of_the_latest_acceptance_is_the_current_one_whatever_order_its_events_came_in()
    {
        var candidature = Guid.CreateVersion7();
        var first = KnownGrant.Learn(Guid.CreateVersion7(), candidature, Guid.CreateVersion7(), acceptance: 5);
        var second = KnownGrant.Learn(Guid.CreateVersion7(), candidature, first.PlaceId, acceptance: 8);
        first.Cancel();

        Assert.Same(second, KnownGrant.CurrentOf([second, first]));
        Assert.Same(second, KnownGrant.CurrentOf([first, second]));
        Assert.Null(KnownGrant.CurrentOf([]));
    }

    [Theory]
    [InlineData(Draft, DsState.Brouillon)]
    [InlineData(Submitted, DsState.EnConstruction)]
    [InlineData(Returned, DsState.EnConstruction)]
    [InlineData(UnderReview, DsState.EnInstruction)]
    [InlineData(Accepted, DsState.Accepte)]
    [InlineData(Rejected, DsState.Refuse)]
    [InlineData(Dismissed, DsState.SansSuite)]
    [InlineData(Withdrawn, DsState.SansSuite)]
    public void Each_state_maps_to_its_Demarches_Simplifiees_state(CandidatureState state, string expected) =>
        Assert.Equal(expected, DsState.Of(state));

    internal static CandidatureForm Form() => new(
        Guid.CreateVersion7(),
        new Applicant("Association La Fabrique", "W751234567", "association", "Camille Martin", "camille@fabrique.example"),
        new Project("Fabrique du quartier", "Un lieu de fabrication partagé", ["fablab"], ["Mairie"], 2.5m),
        new Territory(TerritoryKind.Qpv, "QN06801M"),
        Digital: true,
        new Funding(40_000m, 3));

    /// <summary>A candidature brought to <paramref name="state"/> by the shortest path of the lifecycle.</summary>
    private static Dossier DossierIn(CandidatureState state)
    {
        var dossier = Dossier.Draft(Form(), "porteur", Now);
        CandidatureAction[] path = state switch
        {
            Draft => [],
            Submitted => [Submit],
            UnderReview => [Submit, Review],
            Returned => [Submit, Review, Return],
            Accepted => [Submit, Review, Accept],
            Rejected => [Submit, Review, Reject],
            Dismissed => [Submit, Review, Dismiss],
            Withdrawn => [Withdraw],
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        foreach (var action in path)
        {
            dossier.Apply(action, "someone", Now, "Motif", wave: WaveId);
        }
        return dossier;
    }
}

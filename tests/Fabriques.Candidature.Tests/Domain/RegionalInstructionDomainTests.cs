using Fabriques.Candidature.Domain;

namespace Fabriques.Candidature.Tests.Domain;

/// <summary>The rules of assignment, opinions and documents, without I/O.</summary>
public sealed class RegionalInstructionDomainTests
{
    private static readonly DateTimeOffset Now = new(2027, 2, 1, 10, 0, 0, TimeSpan.Zero);

    private static Dossier Submitted()
    {
        var dossier = Dossier.Draft(LifecycleTests.Form(), "porteur", Now);
        dossier.Apply(CandidatureAction.Submit, "porteur", Now, wave: Guid.CreateVersion7());
        return dossier;
    }

    [Fact]
    public void An_assignment_keeps_the_state_and_the_history_says_who_assigned_whom()
    {
        var dossier = Submitted();

        var entry = dossier.Assign("instructeur-2", "gestionnaire-1", Now.AddHours(1));

        Assert.Equal("instructeur-2", dossier.AssignedTo);
        Assert.Equal(new HistoryEntry(CandidatureState.Submitted, CandidatureState.Submitted, Now.AddHours(1), "gestionnaire-1", null, "instructeur-2"), entry);
        Assert.Equal(entry, dossier.History[^1]);
    }

    [Fact]
    public void A_draft_or_a_withdrawn_candidature_is_not_assigned()
    {
        var draft = Dossier.Draft(LifecycleTests.Form(), "porteur", Now);
        var withdrawn = Submitted();
        withdrawn.Apply(CandidatureAction.Withdraw, "porteur", Now);

        Assert.Throws<InvalidOperationException>(() => draft.Assign("instructeur-1", "instructeur-1", Now));
        Assert.Throws<InvalidOperationException>(() => withdrawn.Assign("instructeur-1", "instructeur-1", Now));
    }

    [Fact]
    public void The_total_of_an_opinion_is_the_sum_of_the_six_criteria_out_of_30()
    {
        var opinion = Opinion.Give(Submitted(), "instructeur-1", Verdict.Reserved, new OpinionScores(5, 4, 3, 2, 1, 0), "À revoir.", Now);

        Assert.Equal(15, opinion.Scores.Total);
        Assert.Equal(30, OpinionScores.MaxTotal);
    }

    [Fact]
    public void No_opinion_off_the_grid_nor_once_decided()
    {
        var decided = Submitted();
        decided.Apply(CandidatureAction.Review, "instructeur-1", Now);
        decided.Apply(CandidatureAction.Reject, "instructeur-1", Now, "Hors critères.");

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Opinion.Give(Submitted(), "instructeur-1", Verdict.Favourable, new OpinionScores(6, 0, 0, 0, 0, 0), null, Now));
        Assert.Throws<InvalidOperationException>(() =>
            Opinion.Give(decided, "instructeur-1", Verdict.Favourable, new OpinionScores(1, 1, 1, 1, 1, 1), null, Now));
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDB }, "image/jpeg")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, null)] // a zip (docx, xlsx)
    [InlineData(new byte[] { 0x25, 0x50, 0x44 }, null)] // the start of "%PDF-" only
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, null)]
    [InlineData(new byte[0], null)]
    public void A_format_is_recognised_by_its_first_bytes(byte[] header, string? contentType) =>
        Assert.Equal(contentType, DocumentFormat.Detect(header));

    [Theory]
    [InlineData("statuts.pdf", "statuts.pdf")]
    [InlineData("C:\\Users\\camille\\Documents\\budget.pdf", "budget.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("rib\r\n\"x\".pdf", "ribx.pdf")]
    [InlineData("   ", "document")]
    [InlineData(null, "document")]
    public void A_file_name_loses_its_path_and_control_characters(string? name, string kept) =>
        Assert.Equal(kept, DocumentFormat.CleanFileName(name));

    [Fact]
    public void A_document_is_attached_only_while_the_porteur_may_change_the_candidature()
    {
        var draft = Dossier.Draft(LifecycleTests.Form(), "porteur", Now);

        var document = CandidatureDocument.Attach(draft, DocumentKind.Rib, "rib.pdf", DocumentFormat.Pdf, 1000, new string('a', 64), "porteur", Now);

        Assert.Equal((draft.Id, DocumentKind.Rib), (document.CandidatureId, document.Kind));
        Assert.Throws<InvalidOperationException>(() =>
            CandidatureDocument.Attach(Submitted(), DocumentKind.Rib, "rib.pdf", DocumentFormat.Pdf, 1000, new string('a', 64), "porteur", Now));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            CandidatureDocument.Attach(draft, DocumentKind.Rib, "rib.pdf", DocumentFormat.Pdf, DocumentFormat.MaxBytes + 1, new string('a', 64), "porteur", Now));
    }

    [Fact]
    public void A_wave_lists_the_required_kinds_still_missing()
    {
        var wave = Wave.Schedule("Vague", Now, Now.AddDays(30), 30, "gestionnaire", Now,
            [DocumentKind.Rib, DocumentKind.Statuts, DocumentKind.Rib]);

        Assert.Equal([DocumentKind.Statuts, DocumentKind.Rib], wave.RequiredDocuments);
        Assert.Equal([DocumentKind.Rib], wave.MissingDocuments([DocumentKind.Statuts, DocumentKind.Autre]));
        Assert.Empty(wave.MissingDocuments([DocumentKind.Rib, DocumentKind.Statuts]));
    }
}

using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;
using Fabriques.Grants.Domain;

namespace Fabriques.Grants.Tests.Domain;

public sealed class GrantTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 15, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private static Grant Award(bool digital = false, decimal amountPerYear = 50_000m, int years = 3) => Grant.Award(
        new Beneficiary(Guid.NewGuid(), Guid.NewGuid(), "porteur-1", new Contact("Asso", "Camille", "camille@example.org"), "Fabrique", "93", "QN09301M"),
        new GrantTerms(TerritoryKind.Qpv, digital, amountPerYear, years),
        Programme.Create(ProgrammeSettings.Default), "instructeur-1", Now);

    private static void CommitAndPay(Grant grant, int year)
    {
        Assert.Null(grant.Commit(year, "gestionnaire-1", Now));
        Assert.Null(grant.Pay(year, Today, $"REF-{year}", "gestionnaire-1", Now));
    }

    [Fact]
    public void An_awarded_grant_reserves_its_total_in_the_ledger_in_the_name_of_who_accepted()
    {
        var grant = Award(digital: true);

        Assert.Equal(250_000m, grant.Total);
        Assert.Equal(100_000m, grant.DigitalBonus);
        Assert.Equal([InstalmentState.Planned, InstalmentState.Planned, InstalmentState.Planned], grant.Instalments.Select(i => i.State));
        var entry = Assert.Single(grant.Ledger);
        Assert.Equal((LedgerEntryKind.Awarded, 250_000m, "instructeur-1", grant.Id), (entry.Kind, entry.Amount, entry.Actor, entry.GrantId));
        Assert.Equal(grant.Total, grant.Committed);
    }

    [Fact]
    public void Instalments_are_committed_then_paid_in_year_order_and_the_last_payment_completes_the_grant()
    {
        var grant = Award(years: 2);

        CommitAndPay(grant, 1);
        CommitAndPay(grant, 2);

        Assert.Equal(GrantState.Completed, grant.State);
        Assert.Equal(100_000m, grant.Paid);
        Assert.Equal([LedgerEntryKind.Awarded, LedgerEntryKind.Paid, LedgerEntryKind.Paid], grant.Ledger.Select(e => e.Kind));
        Assert.All(grant.Ledger.Skip(1), e => Assert.Equal("gestionnaire-1", e.Actor));
        Assert.Equal("REF-2", grant.FindInstalment(2)!.PaymentReference);
    }

    [Fact]
    public void Committing_year_two_before_year_one_is_refused()
    {
        var grant = Award();

        var refusal = grant.Commit(2, "gestionnaire-1", Now);

        Assert.Equal(GrantRefusals.PreviousInstalmentNotCommitted, refusal?.Code);
        Assert.Equal(InstalmentState.Planned, grant.FindInstalment(2)!.State);
    }

    [Fact]
    public void Committing_twice_is_refused()
    {
        var grant = Award();
        grant.Commit(1, "gestionnaire-1", Now);

        Assert.Equal(GrantRefusals.InstalmentAlreadyCommitted, grant.Commit(1, "gestionnaire-1", Now)?.Code);
    }

    [Fact]
    public void Paying_a_planned_instalment_is_refused_it_must_be_committed_first()
    {
        var grant = Award();

        Assert.Equal(GrantRefusals.InstalmentNotCommitted, grant.Pay(1, Today, "REF", "gestionnaire-1", Now)?.Code);
        Assert.Equal(0m, grant.Paid);
    }

    [Fact]
    public void Paying_twice_is_refused_and_records_nothing()
    {
        var grant = Award();
        CommitAndPay(grant, 1);

        var refusal = grant.Pay(1, Today, "REF-AGAIN", "gestionnaire-2", Now);

        Assert.Equal(GrantRefusals.InstalmentAlreadyPaid, refusal?.Code);
        Assert.Contains("REF-1", refusal!.Message, StringComparison.Ordinal);
        Assert.Single(grant.Ledger, e => e.Kind == LedgerEntryKind.Paid);
        Assert.Equal("REF-1", grant.FindInstalment(1)!.PaymentReference);
    }

    [Fact]
    public void Paying_year_two_before_year_one_is_refused()
    {
        var grant = Award();
        grant.Commit(1, "gestionnaire-1", Now);
        grant.Commit(2, "gestionnaire-1", Now);

        Assert.Equal(GrantRefusals.PreviousInstalmentNotPaid, grant.Pay(2, Today, "REF", "gestionnaire-1", Now)?.Code);
    }

    [Fact]
    public void Cancelling_returns_every_unpaid_instalment_and_keeps_what_was_paid()
    {
        var grant = Award(digital: true);
        CommitAndPay(grant, 1);
        grant.Commit(2, "gestionnaire-1", Now);

        Assert.Null(grant.Cancel("Projet abandonné", "gestionnaire-2", Now));

        Assert.Equal(GrantState.Cancelled, grant.State);
        Assert.Equal(100_000m, grant.ReturnedToEnvelope);
        Assert.Equal(150_000m, grant.Committed);
        Assert.Equal([InstalmentState.Paid, InstalmentState.Cancelled, InstalmentState.Cancelled], grant.Instalments.Select(i => i.State));
        var release = grant.Ledger[^1];
        Assert.Equal((LedgerEntryKind.Released, 100_000m, "gestionnaire-2"), (release.Kind, release.Amount, release.Actor));
        Assert.Equal(("Projet abandonné", "gestionnaire-2"), (grant.CancellationMotivation, grant.CancelledBy));
    }

    [Fact]
    public void Nothing_happens_to_a_cancelled_grant()
    {
        var grant = Award();
        grant.Cancel("Projet abandonné", "gestionnaire-1", Now);

        Assert.Equal(GrantRefusals.GrantCancelled, grant.Cancel("Encore", "gestionnaire-1", Now)?.Code);
        Assert.Equal(GrantRefusals.GrantCancelled, grant.Commit(1, "gestionnaire-1", Now)?.Code);
        Assert.Single(grant.Ledger, e => e.Kind == LedgerEntryKind.Released);
    }

    [Fact]
    public void A_fully_paid_grant_cannot_be_cancelled()
    {
        var grant = Award(years: 2);
        CommitAndPay(grant, 1);
        CommitAndPay(grant, 2);

        Assert.Equal(GrantRefusals.GrantCompleted, grant.Cancel("Trop tard", "gestionnaire-1", Now)?.Code);
        Assert.Equal(GrantState.Completed, grant.State);
    }

    [Fact]
    public void The_ledger_always_equals_the_instalments_still_held()
    {
        var grant = Award(digital: true);
        CommitAndPay(grant, 1);
        grant.Cancel("Fermeture du lieu", "gestionnaire-1", Now);

        var committed = grant.Ledger.Where(e => e.Kind == LedgerEntryKind.Awarded).Sum(e => e.Amount)
                        - grant.Ledger.Where(e => e.Kind == LedgerEntryKind.Released).Sum(e => e.Amount);
        Assert.Equal(grant.Committed, committed);
        Assert.Equal(grant.Paid, grant.Ledger.Where(e => e.Kind == LedgerEntryKind.Paid).Sum(e => e.Amount));
    }
}

namespace Fabriques.Grants.Domain;

public enum InstalmentState
{
    Planned,
    /// <summary>Engaged (engagé): the payment is decided.</summary>
    Committed,
    Paid,
    /// <summary>Never paid: its grant was cancelled and its money went back to the envelope.</summary>
    Cancelled,
}

/// <summary>One yearly payment of a grant. Changed only through its <see cref="Grant"/>, which enforces the order.</summary>
public sealed class Instalment
{
    private Instalment() { }

    public Guid GrantId { get; private set; }
    /// <summary>1 for the first year.</summary>
    public int Year { get; private set; }
    public decimal Amount { get; private set; }
    public DateOnly DueOn { get; private set; }
    public InstalmentState State { get; private set; }
    public DateTimeOffset? CommittedAt { get; private set; }
    public string? CommittedBy { get; private set; }
    public DateOnly? PaidOn { get; private set; }
    /// <summary>The payment's reference (e.g. the Chorus mandate number).</summary>
    public string? PaymentReference { get; private set; }
    public DateTimeOffset? PaidAt { get; private set; }
    public string? PaidBy { get; private set; }

    public bool IsUnpaid => State is InstalmentState.Planned or InstalmentState.Committed;

    internal static Instalment Planned(Guid grantId, int year, decimal amount, DateOnly dueOn) => new()
    {
        GrantId = grantId,
        Year = year,
        Amount = amount,
        DueOn = dueOn,
        State = InstalmentState.Planned,
    };

    internal void Commit(string by, DateTimeOffset at)
    {
        State = InstalmentState.Committed;
        CommittedAt = at;
        CommittedBy = by;
    }

    internal void Pay(DateOnly paidOn, string reference, string by, DateTimeOffset at)
    {
        State = InstalmentState.Paid;
        PaidOn = paidOn;
        PaymentReference = reference;
        PaidAt = at;
        PaidBy = by;
    }

    internal void Cancel() => State = InstalmentState.Cancelled;
}

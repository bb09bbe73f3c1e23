namespace Fabriques.Grants.Domain;

public enum LedgerEntryKind
{
    /// <summary>A grant reserved its total on the envelope.</summary>
    Awarded,
    /// <summary>A cancellation gave its unpaid instalments back to the envelope.</summary>
    Released,
    /// <summary>An instalment was paid.</summary>
    Paid,
}

/// <summary>One movement of the programme's money, traceable to its grant and to whoever caused it.</summary>
public sealed class LedgerEntry
{
    private LedgerEntry() { }

    public Guid Id { get; private set; }
    public Guid GrantId { get; private set; }
    public LedgerEntryKind Kind { get; private set; }
    public decimal Amount { get; private set; }
    /// <summary>The instalment paid, for <see cref="LedgerEntryKind.Paid"/>.</summary>
    public int? InstalmentYear { get; private set; }
    /// <summary>Subject of the user who caused the movement.</summary>
    public string Actor { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    internal static LedgerEntry Record(Guid grantId, LedgerEntryKind kind, decimal amount, int? instalmentYear, string actor, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at),
        GrantId = grantId,
        Kind = kind,
        Amount = amount,
        InstalmentYear = instalmentYear,
        Actor = actor,
        At = at,
    };
}

namespace Fabriques.Grants.Domain;

/// <summary>The codes of the grants domain's refusals; <c>Features/GrantProblems</c> maps each to its problem type.</summary>
public static class GrantRefusals
{
    public const string GrantNotFound = "grant-not-found";
    public const string InstalmentNotFound = "instalment-not-found";
    public const string GrantCancelled = "grant-cancelled";
    public const string GrantCompleted = "grant-completed";
    public const string InstalmentAlreadyCommitted = "instalment-already-committed";
    public const string InstalmentNotCommitted = "instalment-not-committed";
    public const string InstalmentAlreadyPaid = "instalment-already-paid";
    public const string PreviousInstalmentNotCommitted = "previous-instalment-not-committed";
    public const string PreviousInstalmentNotPaid = "previous-instalment-not-paid";
    public const string BelowUsage = "below-usage";
}

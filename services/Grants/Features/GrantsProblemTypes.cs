namespace Fabriques.Grants.Features;

/// <summary>Stable problem type URIs of the grants service's business rules.</summary>
public static class GrantsProblemTypes
{
    private const string Base = "https://fabriques.anct.gouv.fr/problems/grants/";

    /// <summary>409: the grant is cancelled or fully paid, nothing more can happen to it.</summary>
    public const string GrantClosed = Base + "grant-closed";
    /// <summary>409: the instalment is not in the state the operation starts from (e.g. paying a planned instalment).</summary>
    public const string InstalmentState = Base + "instalment-state";
    /// <summary>409: the previous year's instalment must be committed (or paid) first.</summary>
    public const string InstalmentOutOfOrder = Base + "instalment-out-of-order";
    /// <summary>409: the instalment is already paid; a second payment is refused.</summary>
    public const string AlreadyPaid = Base + "already-paid";
    /// <summary>422: the new programme settings fall below what is already committed or awarded.</summary>
    public const string BelowUsage = Base + "below-usage";
}

namespace Fabriques.ServiceDefaults.Authentication;

/// <summary>The roles of the contract (JWT claim <c>role</c>).</summary>
public static class Roles
{
    public const string Porteur = "porteur";
    public const string Instructeur = "instructeur";
    public const string Gestionnaire = "gestionnaire";
    public const string Partenaire = "partenaire";

    public static readonly IReadOnlyList<string> All = [Porteur, Instructeur, Gestionnaire, Partenaire];
}

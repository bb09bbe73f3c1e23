using Fabriques.Contracts;

namespace Fabriques.Directory.Domain;

/// <summary>Why the directory refuses to change a place: codes (<c>Features/PlaceProblems</c> maps each to its problem type) and French messages.</summary>
public static class PlaceRefusals
{
    public const string NotFound = "place-not-found";
    public const string Archived = "place-archived";

    /// <summary>Also the refusal of a place the caller may not touch: its existence is not revealed.</summary>
    public static Refusal Unknown(Guid id) => new(NotFound, $"Aucun lieu n'a l'identifiant {id}.");

    public static Refusal ArchivedPlace(Guid id) => new(Archived,
        $"Le lieu {id} est archivé : il reste consultable mais ne peut plus être modifié. Un gestionnaire peut le réenregistrer s'il rouvre.");
}

namespace Fabriques.Directory.Features;

/// <summary>Problem types of the directory's own business rules.</summary>
public static class DirectoryProblemTypes
{
    /// <summary>409: the place is archived; it can be read but no longer edited.</summary>
    public const string PlaceArchived = "https://fabriques.anct.gouv.fr/problems/place-archived";
}

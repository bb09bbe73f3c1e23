using Fabriques.Directory.Domain;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;

namespace Fabriques.Directory.Features;

/// <summary>The directory's answers to its domain's refusals, as its problem types.</summary>
public static class PlaceProblems
{
    public static readonly RefusalProblems Refusals = new(new Dictionary<string, ProblemKind>
    {
        [PlaceRefusals.NotFound] = new(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Lieu introuvable"),
        [PlaceRefusals.Archived] = new(StatusCodes.Status409Conflict, DirectoryProblemTypes.PlaceArchived, "Lieu archivé"),
    });

    /// <summary>Also the answer for a place the caller may not touch: its existence is not revealed.</summary>
    public static IResult NotFound(Guid id) => Refusals.ToProblem(PlaceRefusals.Unknown(id));
}

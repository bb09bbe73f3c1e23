using Fabriques.Contracts.Grants;

namespace Fabriques.Grants.Domain;

/// <summary>What kind of disagreement between decisions, grants and labels (JSON: kebab-case).</summary>
public enum ViolationKind
{
    /// <summary>A grant holds money while its candidature is not (or no longer) accepted for it.</summary>
    GrantWithoutAcceptedCandidature,
    /// <summary>An accepted candidature has no grant holding its money, and no refusal is on its way.</summary>
    AcceptedCandidatureWithoutGrant,
    /// <summary>A place carries a label whose grant is cancelled or unknown.</summary>
    LabelWithoutActiveGrant,
}

public sealed record Violation(ViolationKind Kind, Guid? CandidatureId, Guid? GrantId, Guid? PlaceId, string Detail);

/// <summary>
/// The programme's invariants across services: every grant held has an accepted candidature, every accepted
/// candidature a grant held (or a refusal on its way), every labelled place a grant held. Grants imported from the
/// programme's history have no candidature and answer only for their labels.
/// </summary>
public static class Consistency
{
    public static IReadOnlyList<Violation> Check(
        IReadOnlyCollection<Grant> grants, IReadOnlyCollection<CandidatureStanding> standings, IReadOnlyCollection<PlaceLabelView> labels)
    {
        var violations = new List<Violation>();
        var standingOf = standings.ToDictionary(s => s.CandidatureId);
        var held = grants.Where(g => g.IsHeld).ToList();

        foreach (var grant in held.Where(g => g.Origin == GrantOrigin.Candidature))
        {
            if (!standingOf.TryGetValue(grant.CandidatureId, out var standing) || !standing.Funds(grant))
            {
                violations.Add(new Violation(ViolationKind.GrantWithoutAcceptedCandidature, grant.CandidatureId, grant.Id, grant.PlaceId,
                    grant.HasPaidInstalment
                        ? "La subvention a une échéance payée mais sa candidature n'est plus acceptée : décidez de l'annuler ou d'accepter de nouveau la candidature."
                        : "La subvention est active mais sa candidature n'est plus acceptée : son annulation n'a pas (encore) eu lieu."));
            }
        }

        var funded = held.Where(g => g.Origin == GrantOrigin.Candidature).Select(g => (g.CandidatureId, g.Acceptance)).ToHashSet();
        foreach (var standing in standings.Where(s => s.State == StandingState.Accepted && !s.AwaitsRefusal))
        {
            if (!funded.Contains((standing.CandidatureId, standing.Sequence)))
            {
                var cancelled = grants.Any(g => g.CandidatureId == standing.CandidatureId && !g.IsHeld);
                violations.Add(new Violation(ViolationKind.AcceptedCandidatureWithoutGrant, standing.CandidatureId, null, standing.PlaceId,
                    cancelled
                        ? "La candidature est acceptée mais sa subvention a été annulée : rouvrez la candidature pour la réexaminer."
                        : "La candidature est acceptée mais aucune subvention ne lui est (encore) attribuée."));
            }
        }

        var heldIds = held.Select(g => g.Id).ToHashSet();
        foreach (var label in labels.Where(l => l.Held && !heldIds.Contains(l.GrantId)))
        {
            var candidatureId = grants.FirstOrDefault(g => g.Id == label.GrantId && g.Origin == GrantOrigin.Candidature)?.CandidatureId;
            violations.Add(new Violation(ViolationKind.LabelWithoutActiveGrant, candidatureId, label.GrantId, label.PlaceId,
                $"Le lieu porte le label « {label.Label} » d'une subvention annulée ou inconnue : l'annuaire doit le retirer."));
        }
        return violations;
    }
}

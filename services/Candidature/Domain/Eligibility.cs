using System.Globalization;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Places;

namespace Fabriques.Candidature.Domain;

/// <summary>A rule of the call a candidature does not meet, on the field to correct.</summary>
public sealed record EligibilityFailure(string Field, string Message);

/// <summary>The rules of the call for expressions of interest, checked when a candidature is submitted.</summary>
public static class Eligibility
{
    /// <summary>The place already holds a grant of the programme (known from the grants service's events).</summary>
    public static readonly EligibilityFailure PlaceAlreadyFunded = new("placeId",
        "Ce lieu bénéficie déjà d'une subvention active du programme Fabriques de Territoire : un même lieu ne peut pas être financé deux fois.");

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>
    /// Every rule <paramref name="form"/> breaks when <paramref name="applicantId"/> submits it; empty when it is
    /// eligible. <paramref name="place"/> is null when unknown; <paramref name="rules"/> are the programme's, as the grants
    /// service last announced them.
    /// </summary>
    public static IReadOnlyList<EligibilityFailure> Check(CandidatureForm form, KnownPlace? place, string applicantId, ProgrammeRules rules)
    {
        var failures = new List<EligibilityFailure>();
        void Fail(string field, string message) => failures.Add(new EligibilityFailure(field, message));

        var validPivot = Pivot.TryParse(form.Applicant.Pivot, out var applicantPivot);
        if (!validPivot)
        {
            Fail("applicant.pivot", "Le SIRET (14 chiffres, clé de contrôle valide) ou le numéro RNA (W suivi de 9 chiffres) du porteur n'est pas valide.");
        }

        if (place is null)
        {
            Fail("placeId", "Ce lieu n'est pas référencé dans l'annuaire des tiers-lieux : enregistrez-le dans l'annuaire avant de candidater.");
        }
        else if (place.Archived)
        {
            Fail("placeId", $"Le lieu « {place.Name} » est archivé dans l'annuaire : il ne peut plus candidater.");
        }
        else if (place.OwnerId != applicantId
                 && !(validPivot && Pivot.TryParse(place.Pivot, out var placePivot) && applicantPivot.SameOrganisationAs(placePivot)))
        {
            Fail("applicant.pivot", $"Vous n'avez pas enregistré le lieu « {place.Name} » dans l'annuaire, et le porteur ({form.Applicant.Pivot}) "
                                    + "n'est pas l'organisation qui le gère (même SIREN, ou même numéro RNA) : on ne candidate que pour son propre lieu.");
        }

        var territory = form.Territory;
        switch (territory.Kind)
        {
            case null:
                Fail("territory.kind", "Indiquez le territoire du projet : « qpv » (quartier prioritaire) ou « outside-large-urban-centres » (hors grands centres urbains).");
                break;
            case TerritoryKind.Qpv when string.IsNullOrEmpty(territory.QpvCode):
                Fail("territory.qpvCode", "Un projet en quartier prioritaire doit indiquer le code du QPV, par exemple QN06801M ou QP067001.");
                break;
            case TerritoryKind.Qpv when !QpvCode.IsValid(territory.QpvCode):
                Fail("territory.qpvCode", $"« {territory.QpvCode} » n'est pas un code QPV : {QpvCode.Rule}.");
                break;
            case TerritoryKind.OutsideLargeUrbanCentres when territory.QpvCode is not null:
                Fail("territory.qpvCode", "Un code QPV ne s'indique que pour un projet en quartier prioritaire : retirez-le ou choisissez le territoire « qpv ».");
                break;
        }

        if (form.Digital && territory.Kind != TerritoryKind.Qpv)
        {
            Fail("digital", "Le label Fabrique numérique de territoire est réservé aux projets situés en quartier prioritaire (QPV).");
        }
        // A target of 0 means the programme funds no Fabrique of that kind (any more): applying would be in vain.
        if (territory.Kind == TerritoryKind.Qpv && rules.QpvTarget == 0)
        {
            Fail("territory.kind", "Le programme ne finance plus de Fabrique en quartier prioritaire (objectif fixé à 0).");
        }
        if (territory.Kind == TerritoryKind.OutsideLargeUrbanCentres && rules.OutsideLargeUrbanCentresTarget == 0)
        {
            Fail("territory.kind", "Le programme ne finance plus de Fabrique hors des grands centres urbains (objectif fixé à 0).");
        }
        if (form.Digital && rules.DigitalTarget == 0)
        {
            Fail("digital", "Le programme ne finance plus de Fabrique numérique (objectif fixé à 0).");
        }

        var funding = form.Funding;
        if (!rules.Durations.Contains(funding.DurationYears))
        {
            Fail("funding.durationYears",
                $"La subvention dure {string.Join(" ou ", rules.Durations)} ans (demandé : {funding.DurationYears}).");
        }
        if (funding.AmountPerYear > rules.MaxPerYear)
        {
            Fail("funding.amountPerYear", $"Le montant annuel est d'au plus {Euros(rules.MaxPerYear)} (demandé : {Euros(funding.AmountPerYear)}).");
        }
        if (funding.Total < rules.MinTotal || funding.Total > rules.MaxTotal)
        {
            Fail("funding", $"Le montant total (montant annuel × durée) doit être compris entre {Euros(rules.MinTotal)} et {Euros(rules.MaxTotal)} (demandé : {Euros(funding.Total)}).");
        }
        return failures;
    }

    private static string Euros(decimal amount) => amount.ToString("#,##0.##", French) + " €";
}

using System.Globalization;
using System.Text.RegularExpressions;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Places;

namespace Fabriques.Candidature.Domain;

/// <summary>A rule of the call a candidature does not meet, on the field to correct.</summary>
public sealed record EligibilityFailure(string Field, string Message);

/// <summary>The rules of the call for expressions of interest, checked when a candidature is submitted.</summary>
public static partial class Eligibility
{
    public const decimal MaxAmountPerYear = 50_000m;
    public const decimal MinTotal = 75_000m;
    public const decimal MaxTotal = 150_000m;
    public static readonly IReadOnlyList<int> Durations = [2, 3];

    /// <summary>The place already holds a grant of the programme (known from the grants service's events).</summary>
    public static readonly EligibilityFailure PlaceAlreadyFunded = new("placeId",
        "Ce lieu bénéficie déjà d'une subvention active du programme Fabriques de Territoire : un même lieu ne peut pas être financé deux fois.");

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>Every rule <paramref name="form"/> breaks; empty when it is eligible. <paramref name="place"/> is null when unknown.</summary>
    public static IReadOnlyList<EligibilityFailure> Check(CandidatureForm form, KnownPlace? place)
    {
        var failures = new List<EligibilityFailure>();
        void Fail(string field, string message) => failures.Add(new EligibilityFailure(field, message));

        if (!Pivot.TryParse(form.Applicant.Pivot, out _))
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

        var territory = form.Territory;
        switch (territory.Kind)
        {
            case null:
                Fail("territory.kind", "Indiquez le territoire du projet : « qpv » (quartier prioritaire) ou « outside-large-urban-centres » (hors grands centres urbains).");
                break;
            case TerritoryKind.Qpv when string.IsNullOrEmpty(territory.QpvCode):
                Fail("territory.qpvCode", "Un projet en quartier prioritaire doit indiquer le code du QPV, par exemple QN06801M ou QP067001.");
                break;
            case TerritoryKind.Qpv when !IsQpvCode(territory.QpvCode):
                Fail("territory.qpvCode", $"« {territory.QpvCode} » n'est pas un code QPV : QN ou QP, le département sur 3 caractères puis 3 caractères (QN06801M, QP067001).");
                break;
            case TerritoryKind.OutsideLargeUrbanCentres when territory.QpvCode is not null:
                Fail("territory.qpvCode", "Un code QPV ne s'indique que pour un projet en quartier prioritaire : retirez-le ou choisissez le territoire « qpv ».");
                break;
        }

        if (form.Digital && territory.Kind != TerritoryKind.Qpv)
        {
            Fail("digital", "Le label Fabrique numérique de territoire est réservé aux projets situés en quartier prioritaire (QPV).");
        }

        var funding = form.Funding;
        if (!Durations.Contains(funding.DurationYears))
        {
            Fail("funding.durationYears", $"La subvention dure 2 ou 3 ans (demandé : {funding.DurationYears}).");
        }
        if (funding.AmountPerYear > MaxAmountPerYear)
        {
            Fail("funding.amountPerYear", $"Le montant annuel est d'au plus {Euros(MaxAmountPerYear)} (demandé : {Euros(funding.AmountPerYear)}).");
        }
        if (funding.Total is < MinTotal or > MaxTotal)
        {
            Fail("funding", $"Le montant total (montant annuel × durée) doit être compris entre {Euros(MinTotal)} et {Euros(MaxTotal)} (demandé : {Euros(funding.Total)}).");
        }
        return failures;
    }

    /// <summary>A QPV code: 2015 (<c>QP067001</c>) or 2024 (<c>QN06801M</c>) geography, Corsica (<c>QP02A001</c>) included.</summary>
    public static bool IsQpvCode(string? code) => code is not null && QpvCodePattern().IsMatch(code);

    private static string Euros(decimal amount) => amount.ToString("#,##0.##", French) + " €";

    [GeneratedRegex(@"^Q[NP]\d{2}[0-9AB][0-9A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex QpvCodePattern();
}

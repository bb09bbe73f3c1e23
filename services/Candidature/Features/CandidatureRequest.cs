using Fabriques.Candidature.Domain;
using Fabriques.Contracts.Candidature;
using Fabriques.ServiceDefaults.Errors;
using System.Net.Mail;

namespace Fabriques.Candidature.Features;

/// <summary>
/// The body of <c>POST /</c> and <c>PUT /{id}</c>. A draft must be complete and well formed (400 otherwise); whether it
/// meets the rules of the call is checked when it is submitted (422).
/// </summary>
public sealed record CandidatureRequest(
    Guid? PlaceId, CandidatureRequest.ApplicantPart? Applicant, CandidatureRequest.ProjectPart? Project,
    CandidatureRequest.TerritoryPart? Territory, bool? Digital, CandidatureRequest.FundingPart? Funding)
{
    /// <summary>Sanity bounds of a draft; the call's own caps are far below.</summary>
    public const decimal MaxAmountPerYear = 10_000_000m;
    public const int MaxDurationYears = 10;
    public const decimal MaxJobsFte = 10_000m;

    public sealed record ApplicantPart(string? OrganisationName, string? Pivot, string? LegalStatus, string? ContactName, string? ContactEmail);

    public sealed record ProjectPart(string? Title, string? Summary, string?[]? Services, string?[]? Partners, decimal? JobsFte);

    public sealed record TerritoryPart(TerritoryKind? Kind, string? QpvCode);

    public sealed record FundingPart(decimal? AmountPerYear, int? DurationYears);

    /// <summary>The body the OpenAPI document shows: a draft that meets the call's rules once the place is known.</summary>
    public static CandidatureRequest Example { get; } = new(
        Guid.Parse("0197a3c2-5f1e-7c4b-9a8d-3e2f1b0c4d5e"),
        new ApplicantPart("Association ECE 04", "73282932000074", "association", "Camille Martin", "camille.martin@example.org"),
        new ProjectPart("Fabrique de territoire : La Ruche de Malijai", "Un tiers-lieu ressource pour la vallée.",
            ["fablab", "coworking"], ["Communauté d'agglomération Provence-Alpes"], 2.5m),
        new TerritoryPart(TerritoryKind.OutsideLargeUrbanCentres, null), false, new FundingPart(50_000m, 3));

    /// <summary>The form, or null with every broken rule in <paramref name="errors"/>.</summary>
    public CandidatureForm? Validate(ValidationErrors errors)
    {
        errors.AddIf(PlaceId is null || PlaceId == Guid.Empty, "placeId", "Indiquez l'identifiant du lieu dans l'annuaire.");
        var applicant = ReadApplicant(errors);
        var project = ReadProject(errors);
        var qpvCode = Text.Read(Territory?.QpvCode, "territory.qpvCode", 8, errors, required: false)?.ToUpperInvariant();
        var funding = ReadFunding(errors);
        return errors.IsEmpty
            ? new CandidatureForm(PlaceId!.Value, applicant!, project!, new Domain.Territory(Territory?.Kind, qpvCode), Digital ?? false, funding!)
            : null;
    }

    private Applicant? ReadApplicant(ValidationErrors errors)
    {
        if (Applicant is not { } a)
        {
            errors.Add("applicant", "Décrivez le porteur : organisationName, pivot, legalStatus, contactName, contactEmail.");
            return null;
        }
        var organisation = Text.Read(a.OrganisationName, "applicant.organisationName", 200, errors);
        var pivot = Text.Read(a.Pivot, "applicant.pivot", 20, errors);
        var legalStatus = Text.Read(a.LegalStatus, "applicant.legalStatus", 100, errors);
        var contactName = Text.Read(a.ContactName, "applicant.contactName", 200, errors);
        var email = Text.Read(a.ContactEmail, "applicant.contactEmail", 254, errors);
        errors.AddIf(email is not null && !IsEmail(email), "applicant.contactEmail", "L'adresse e-mail n'est pas valide, par exemple contact@tiers-lieu.fr.");
        return new Applicant(organisation!, pivot!, legalStatus!, contactName!, email!);
    }

    private Project? ReadProject(ValidationErrors errors)
    {
        if (Project is not { } p)
        {
            errors.Add("project", "Décrivez le projet : title, summary, services, partners, jobsFte.");
            return null;
        }
        var title = Text.Read(p.Title, "project.title", 200, errors);
        var summary = Text.Read(p.Summary, "project.summary", 5000, errors);
        var services = Text.ReadList(p.Services, "project.services", 50, 200, errors);
        var partners = Text.ReadList(p.Partners, "project.partners", 50, 200, errors);
        var jobs = p.JobsFte ?? 0m;
        errors.AddIf(jobs < 0 || jobs > MaxJobsFte || !HasAtMostTwoDecimals(jobs), "project.jobsFte",
            $"Le nombre d'emplois (en équivalents temps plein) est compris entre 0 et {MaxJobsFte}, avec au plus 2 décimales.");
        return new Project(title!, summary!, services, partners, jobs);
    }

    private Funding? ReadFunding(ValidationErrors errors)
    {
        if (Funding is not { AmountPerYear: { } amount, DurationYears: { } years })
        {
            errors.Add("funding", "Indiquez le financement demandé : amountPerYear (euros par an) et durationYears.");
            return null;
        }
        errors.AddIf(amount <= 0 || amount > MaxAmountPerYear || !HasAtMostTwoDecimals(amount), "funding.amountPerYear",
            "Le montant annuel est un nombre d'euros positif avec au plus 2 décimales.");
        errors.AddIf(years is < 1 or > MaxDurationYears, "funding.durationYears", $"La durée est un nombre d'années entre 1 et {MaxDurationYears}.");
        return new Funding(amount, years);
    }

    private static bool HasAtMostTwoDecimals(decimal value) => decimal.Round(value, 2) == value;

    private static bool IsEmail(string value) => MailAddress.TryCreate(value, out var address) && address.Address == value;
}

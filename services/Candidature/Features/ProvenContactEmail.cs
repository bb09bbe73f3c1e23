using System.Security.Claims;
using Fabriques.Candidature.Domain;
using Fabriques.Contracts;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Fabriques.Candidature.Features;

/// <summary>
/// E-mails about a candidature go to its <c>contactEmail</c>, from the programme's own address: only an address the
/// caller proved (their token's <c>email</c>, verified by the identity provider) may be written there, or anyone could
/// make the platform send an official e-mail to whomever they chose.
/// </summary>
public static class ProvenContactEmail
{
    /// <summary>The OpenID Connect claim saying whether the provider verified <c>email</c>; absent counts as verified.</summary>
    public const string EmailVerifiedClaim = "email_verified";

    /// <summary>The address <paramref name="user"/> proved, or null when the token carries none (or says it is unverified).</summary>
    public static string? Of(ClaimsPrincipal user) =>
        user.FindFirstValue(JwtRegisteredClaimNames.Email) is { Length: > 0 } email
        && !string.Equals(user.FindFirstValue(EmailVerifiedClaim), "false", StringComparison.OrdinalIgnoreCase)
            ? email
            : null;

    /// <summary>Null when <paramref name="contactEmail"/> is the caller's proven address (case aside), why not otherwise.</summary>
    public static Refusal? Check(string contactEmail, ClaimsPrincipal user) => Of(user) switch
    {
        { } proven when string.Equals(proven, contactEmail, StringComparison.OrdinalIgnoreCase) => null,
        { } proven => Unproven(
            $"Les e-mails de la candidature partent à l'adresse de votre compte : indiquez {proven} dans applicant.contactEmail."),
        null => Unproven(
            "Votre compte n'a pas d'adresse e-mail vérifiée : faites-la vérifier auprès de votre fournisseur d'identité, puis recommencez."),
    };

    private static Refusal Unproven(string why) => new(CandidatureRefusals.UnprovenContactEmail,
        "L'adresse de contact doit être celle de votre compte, vérifiée par votre fournisseur d'identité : corrigez le champ listé dans « errors ».")
    {
        Facts = new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["applicant.contactEmail"] = [why] } },
    };
}

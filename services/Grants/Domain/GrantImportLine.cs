using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Places;

namespace Fabriques.Grants.Domain;

/// <summary>
/// One line of a file of grants awarded before the platform (<c>POST /imports</c>), as written, and its rules. The place
/// is named by its directory id or by the SIRET/RNA of the organisation that runs it.
/// </summary>
public static class GrantImportLine
{
    public const string Pivot = "pivot";
    public const string Place = "place";
    public const string Territory = "territory";
    public const string QpvCodeColumn = "qpv_code";
    public const string Digital = "digital";
    public const string AmountPerYear = "amount_per_year";
    public const string Years = "years";
    public const string AwardedOn = "awarded_on";
    public const string PaidInstalments = "paid_instalments";
    public const string OrganisationName = "organisation_name";

    /// <summary>The columns a file must have; <see cref="QpvCodeColumn"/> and <see cref="OrganisationName"/> may be absent.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns =
        [Pivot, Place, Territory, Digital, AmountPerYear, Years, AwardedOn, PaidInstalments];

    public const int MaxYears = 10;
    public const int MinYear = 2000;

    /// <summary>What a line says, read but not yet matched with a place.</summary>
    public sealed record Terms(
        Pivot Pivot, string Place, TerritoryKind Territory, string? QpvCode, bool Digital, decimal AmountPerYear, int Years,
        DateOnly AwardedOn, int PaidInstalments, string? OrganisationName);

    /// <summary>The line's terms, or null with every broken rule (in French, naming its column) in <paramref name="errors"/>.</summary>
    public static Terms? Read(Func<string, string?> field, DateOnly today, List<string> errors)
    {
        void Fail(string column, string message) => errors.Add($"{column} : {message}");

        var pivotText = Text(field(Pivot));
        if (!Contracts.Places.Pivot.TryParse(pivotText, out var pivot))
        {
            Fail(Pivot, $"« {pivotText} » n'est ni un SIRET valide (14 chiffres, clé de contrôle) ni un numéro RNA (W suivi de 9 chiffres).");
        }
        var place = Text(field(Place));
        if (place is null)
        {
            Fail(Place, "indiquez l'identifiant du lieu dans l'annuaire, ou le SIRET/RNA de l'organisation qui le gère.");
        }
        TerritoryKind? territory = Text(field(Territory))?.ToLowerInvariant() switch
        {
            "qpv" => TerritoryKind.Qpv,
            "outside-large-urban-centres" => TerritoryKind.OutsideLargeUrbanCentres,
            _ => null,
        };
        if (territory is null)
        {
            Fail(Territory, $"« {field(Territory)} » n'est pas un territoire du programme : qpv ou outside-large-urban-centres.");
        }
        var qpvText = Text(field(QpvCodeColumn));
        string? qpvCode = null;
        if (territory == TerritoryKind.Qpv)
        {
            if (QpvCode.TryParse(qpvText, out var code))
            {
                qpvCode = code.Value;
            }
            else
            {
                Fail(QpvCodeColumn, qpvText is null ? "le code du QPV est obligatoire en quartier prioritaire." : $"« {qpvText} » n'est pas un code QPV : {QpvCode.Rule}.");
            }
        }
        else if (qpvText is not null)
        {
            Fail(QpvCodeColumn, "un code QPV ne s'indique que pour une Fabrique en quartier prioritaire (territory qpv).");
        }
        bool? digital = Text(field(Digital))?.ToLowerInvariant() switch
        {
            "true" or "oui" or "1" => true,
            "false" or "non" or "0" or null => false,
            _ => null,
        };
        if (digital is null)
        {
            Fail(Digital, $"« {field(Digital)} » : indiquez true ou false (oui ou non).");
        }
        else if (digital.Value && territory == TerritoryKind.OutsideLargeUrbanCentres)
        {
            Fail(Digital, "une Fabrique numérique est située en quartier prioritaire (territory qpv).");
        }
        var amount = decimal.TryParse(Text(field(AmountPerYear))?.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var a) ? a : (decimal?)null;
        if (amount is not { } value || value <= 0 || value > 10_000_000m || !Money.IsInCents(value))
        {
            Fail(AmountPerYear, $"« {field(AmountPerYear)} » n'est pas un montant annuel en euros (positif, 2 décimales au plus, par exemple 50000 ou 37500.50).");
        }
        var years = int.TryParse(Text(field(Years)), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : (int?)null;
        if (years is not (>= 1 and <= MaxYears))
        {
            Fail(Years, $"« {field(Years)} » n'est pas une durée en années (de 1 à {MaxYears}).");
        }
        var awardedOn = DateOnly.TryParseExact(Text(field(AwardedOn)), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : (DateOnly?)null;
        if (awardedOn is not { } date || date.Year < MinYear || date > today)
        {
            Fail(AwardedOn, $"« {field(AwardedOn)} » n'est pas une date d'attribution passée au format AAAA-MM-JJ (depuis {MinYear}).");
        }
        var paid = int.TryParse(Text(field(PaidInstalments)) ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : (int?)null;
        if (paid is null || (years is { } duration && paid > duration))
        {
            Fail(PaidInstalments, $"« {field(PaidInstalments)} » : le nombre d'échéances déjà payées va de 0 à la durée en années.");
        }
        var organisation = Text(field(OrganisationName));
        if (organisation is { Length: > 200 })
        {
            Fail(OrganisationName, "le nom de l'organisation fait au plus 200 caractères.");
        }
        return errors.Count > 0
            ? null
            : new Terms(pivot, place!, territory!.Value, qpvCode, digital!.Value, amount!.Value, years!.Value, awardedOn!.Value, paid!.Value, organisation);
    }

    /// <summary>The grant the line records, on <paramref name="place"/>; its decision id is derived from the line's pivot, place and date.</summary>
    public static HistoricalGrant ToGrant(Terms terms, KnownPlace place) => new(
        DecisionIdOf(terms.Pivot, place.Id, terms.AwardedOn),
        new Beneficiary(Guid.Empty, place.Id, place.OwnerId, new Contact(terms.OrganisationName ?? terms.Pivot.Value, "", ""),
            $"Fabrique de Territoire (attribuée le {terms.AwardedOn:dd/MM/yyyy})", place.DepartmentCode, terms.QpvCode),
        new GrantTerms(terms.Territory, terms.Digital, terms.AmountPerYear, terms.Years),
        terms.AwardedOn,
        terms.PaidInstalments);

    /// <summary>
    /// One grant per organisation, place and award date: a name-based UUID (version 8) of the three, so the same line
    /// imported again names the same decision.
    /// </summary>
    public static Guid DecisionIdOf(Pivot pivot, Guid placeId, DateOnly awardedOn)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"fabriques:grant-import:{pivot.Value}:{placeId:N}:{awardedOn:yyyy-MM-dd}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8 (custom)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

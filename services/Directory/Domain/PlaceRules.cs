using System.Text.RegularExpressions;
using Fabriques.Contracts.Places;

namespace Fabriques.Directory.Domain;

/// <summary>The fields of a place, as callers name them in their own format (JSON path, CSV column).</summary>
public enum PlaceField
{
    Name, Description, Pivot, Kinds, Roles, Street, Complement, PostalCode, InseeCode, Commune,
    Latitude, Longitude, TerritoryKind, QpvCode, Email, Phone, Website,
}

/// <summary>
/// Who vouches for a place. A porteur identifies its organisation (pivot) and its commune (INSEE code); open data —
/// imports, and gestionnaires curating them — may not know those: the pivot is then unknown and the département
/// comes from the postal code.
/// </summary>
public enum Provenance { Porteur, OpenData }

/// <summary>A place as a caller wrote it, before any rule is checked.</summary>
public sealed record PlaceInput
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Pivot { get; init; }
    public IReadOnlyList<string?>? Kinds { get; init; }
    public IReadOnlyList<string?>? Roles { get; init; }
    public string? Street { get; init; }
    public string? Complement { get; init; }
    public string? PostalCode { get; init; }
    public string? InseeCode { get; init; }
    public string? Commune { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? TerritoryKind { get; init; }
    public string? QpvCode { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Website { get; init; }
}

public sealed record FieldError(PlaceField Field, string Message);

/// <summary>Every rule of a place's fields; each broken rule is reported, with the field it concerns.</summary>
public sealed partial class PlaceRules(Territories territories)
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 10_000;
    public const int MaxAddressLineLength = 300;
    public const int MaxWebsiteLength = 2_000;
    public const int MaxEmailLength = 254;

    /// <summary>The validated details, or null with the list of every broken rule.</summary>
    public (PlaceDetails? Details, IReadOnlyList<FieldError> Errors) Validate(PlaceInput input, Provenance provenance)
    {
        var errors = new List<FieldError>();
        void Fail(PlaceField field, string message) => errors.Add(new(field, message));

        // PostgreSQL cannot store a NUL character; no text has a use for one.
        foreach (var (field, text) in FreeTexts(input).Where(t => t.Text?.Contains('\0', StringComparison.Ordinal) == true))
        {
            Fail(field, "Le caractère nul (U+0000) n'est pas accepté.");
        }

        var name = Required(input.Name, PlaceField.Name, "Le nom", MaxNameLength, Fail);
        var description = Optional(input.Description, PlaceField.Description, "La description", MaxDescriptionLength, Fail);
        var pivot = ValidatePivot(input.Pivot, provenance, Fail);
        var kinds = Terms(input.Kinds, Vocabulary.Kinds, PlaceField.Kinds, "type de lieu", Fail);
        var roles = Terms(input.Roles, Vocabulary.Roles, PlaceField.Roles, "rôle", Fail);
        var street = Required(input.Street, PlaceField.Street, "L'adresse (numéro et voie)", MaxAddressLineLength, Fail);
        var complement = Optional(input.Complement, PlaceField.Complement, "Le complément d'adresse", MaxAddressLineLength, Fail);
        var commune = Required(input.Commune, PlaceField.Commune, "Le nom de la commune", MaxNameLength, Fail);
        var postalCode = Text(input.PostalCode);
        if (postalCode is null)
        {
            Fail(PlaceField.PostalCode, "Le code postal est obligatoire.");
        }
        else if (!PostalCodePattern().IsMatch(postalCode))
        {
            Fail(PlaceField.PostalCode, $"Le code postal « {postalCode} » doit compter 5 chiffres, par exemple 04000.");
            postalCode = null;
        }
        var (inseeCode, department) = ValidateCommune(input.InseeCode, postalCode, provenance, Fail);
        var location = ValidateLocation(input.Latitude, input.Longitude, Fail);
        var territory = ValidateTerritory(input.TerritoryKind, input.QpvCode, Fail);
        var contact = ValidateContact(input, department?.Code, Fail);

        return errors.Count > 0
            ? (null, errors)
            : (new PlaceDetails(name!, description, pivot, kinds, roles,
                new Address(street!, complement, postalCode!, inseeCode, commune!), department!, location, territory, contact), errors);
    }

    private static IEnumerable<(PlaceField Field, string? Text)> FreeTexts(PlaceInput input) =>
    [
        (PlaceField.Name, input.Name), (PlaceField.Description, input.Description), (PlaceField.Street, input.Street),
        (PlaceField.Complement, input.Complement), (PlaceField.Commune, input.Commune), (PlaceField.Email, input.Email),
    ];

    private static string? ValidatePivot(string? value, Provenance provenance, Action<PlaceField, string> fail)
    {
        var pivot = Text(value);
        if (pivot is null || (provenance == Provenance.OpenData && pivot == Pivot.Unknown))
        {
            if (provenance == Provenance.Porteur)
            {
                fail(PlaceField.Pivot, "Le SIRET (14 chiffres) ou, pour une association sans SIRET, le numéro RNA (W suivi de 9 chiffres) est obligatoire.");
            }
            return null;
        }
        if (Pivot.TryParse(pivot, out var parsed))
        {
            return parsed.Value;
        }
        fail(PlaceField.Pivot, $"« {pivot} » n'est ni un SIRET valide (14 chiffres dont le dernier est une clé de contrôle) ni un numéro RNA (W suivi de 9 chiffres) : vérifiez-le sur annuaire-entreprises.data.gouv.fr.");
        return null;
    }

    private (string? InseeCode, Department? Department) ValidateCommune(
        string? value, string? postalCode, Provenance provenance, Action<PlaceField, string> fail)
    {
        var insee = Text(value);
        if (insee is not null)
        {
            if (!CommuneCode.TryParse(insee, out var code))
            {
                fail(PlaceField.InseeCode, $"Le code INSEE « {insee} » n'est pas un code de commune : 5 caractères, par exemple 13055, 2A004 ou 97411.");
                return (null, null);
            }
            if (!territories.TryGetDepartment(code.DepartmentCode, out var department))
            {
                fail(PlaceField.InseeCode, $"Le département {code.DepartmentCode} du code INSEE {code.Value} n'existe pas.");
                return (null, null);
            }
            return (code.Value, department);
        }
        if (provenance == Provenance.Porteur)
        {
            fail(PlaceField.InseeCode, "Le code INSEE de la commune est obligatoire, par exemple 04070 pour Digne-les-Bains.");
        }
        else if (postalCode is not null)
        {
            if (territories.TryGetDepartment(DepartmentOfPostalCode(postalCode), out var department))
            {
                return (null, department);
            }
            fail(PlaceField.PostalCode, $"Le code postal {postalCode} ne correspond à aucun département : indiquez le code INSEE de la commune.");
        }
        return (null, null);
    }

    /// <summary>Postal codes mostly begin with the département: Corsica's 200xx–201xx are 2A, 202xx–206xx 2B; overseas 97x.</summary>
    private static string DepartmentOfPostalCode(string postalCode) => postalCode[..2] switch
    {
        "20" => postalCode[2] is '0' or '1' ? "2A" : "2B",
        "97" => postalCode[..3],
        var department => department,
    };

    private static Location? ValidateLocation(double? latitude, double? longitude, Action<PlaceField, string> fail)
    {
        if (latitude is null && longitude is null)
        {
            return null;
        }
        if (latitude is null || longitude is null)
        {
            fail(latitude is null ? PlaceField.Latitude : PlaceField.Longitude,
                "La latitude et la longitude vont ensemble : indiquez les deux, ou aucune.");
            return null;
        }
        var onEarth = true;
        if (!double.IsFinite(latitude.Value) || Math.Abs(latitude.Value) > 90)
        {
            fail(PlaceField.Latitude, "La latitude (WGS 84, en degrés décimaux) est comprise entre -90 et 90.");
            onEarth = false;
        }
        if (!double.IsFinite(longitude.Value) || Math.Abs(longitude.Value) > 180)
        {
            fail(PlaceField.Longitude, "La longitude (WGS 84, en degrés décimaux) est comprise entre -180 et 180.");
            onEarth = false;
        }
        return onEarth ? new Location(latitude.Value, longitude.Value) : null;
    }

    private static Territory? ValidateTerritory(string? kindValue, string? qpvValue, Action<PlaceField, string> fail)
    {
        var kind = Text(kindValue)?.ToLowerInvariant();
        var qpvCode = Text(qpvValue)?.ToUpperInvariant();
        if (kind is null)
        {
            if (qpvCode is not null)
            {
                fail(PlaceField.TerritoryKind, "Indiquez le type de territoire « qpv » avec un code QPV.");
            }
            return null;
        }
        if (!Vocabulary.TerritoryKinds.Contains(kind))
        {
            fail(PlaceField.TerritoryKind, $"« {kind} » n'est pas un type de territoire : {Vocabulary.Describe(Vocabulary.TerritoryKinds)}.");
            return null;
        }
        if (kind != Territory.Qpv)
        {
            if (qpvCode is not null)
            {
                fail(PlaceField.QpvCode, "Un code QPV ne s'indique que pour un lieu en quartier prioritaire (type « qpv »).");
                return null;
            }
            return new Territory(kind, null);
        }
        if (qpvCode is null)
        {
            fail(PlaceField.QpvCode, "Le code du quartier prioritaire est obligatoire pour un lieu en QPV, par exemple QN06801M ou QP067001.");
            return null;
        }
        if (!QpvCode.TryParse(qpvCode, out var code))
        {
            fail(PlaceField.QpvCode, $"« {qpvCode} » n'est pas un code QPV : {QpvCode.Rule}.");
            return null;
        }
        return new Territory(kind, code.Value);
    }

    private static Contact ValidateContact(PlaceInput input, string? departmentCode, Action<PlaceField, string> fail)
    {
        var email = Text(input.Email);
        if (email is not null && (email.Length > MaxEmailLength || !EmailPattern().IsMatch(email)))
        {
            fail(PlaceField.Email, $"« {email} » n'est pas une adresse e-mail, par exemple contact@exemple.fr.");
        }
        var phone = Text(input.Phone);
        string? normalizedPhone = null;
        if (phone is not null && !PhoneNumber.TryNormalize(phone, departmentCode, out normalizedPhone))
        {
            fail(PlaceField.Phone, $"« {phone} » n'est pas un numéro de téléphone : 10 chiffres (04 92 31 00 00) ou au format international (+33492310000).");
        }
        var website = Text(input.Website);
        if (website is not null && !IsWebsite(website))
        {
            fail(PlaceField.Website, $"« {website} » n'est pas l'adresse d'un site : elle commence par https:// ou http://, par exemple https://www.exemple.fr.");
        }
        return new Contact(email, normalizedPhone, website);
    }

    private static bool IsWebsite(string value) =>
        value.Length <= MaxWebsiteLength
        && !value.Any(char.IsWhiteSpace)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Contains('.', StringComparison.Ordinal);

    private static string[] Terms(
        IReadOnlyList<string?>? values, IReadOnlyList<string> vocabulary, PlaceField field, string what, Action<PlaceField, string> fail)
    {
        var terms = new List<string>();
        foreach (var value in values ?? [])
        {
            var term = Text(value)?.ToLowerInvariant();
            if (term is null || !vocabulary.Contains(term))
            {
                fail(field, $"« {value} » n'est pas un {what} connu : {Vocabulary.Describe(vocabulary)}.");
            }
            else if (!terms.Contains(term))
            {
                terms.Add(term);
            }
        }
        return [.. terms];
    }

    private static string? Required(string? value, PlaceField field, string what, int maxLength, Action<PlaceField, string> fail)
    {
        var text = Text(value);
        if (text is null)
        {
            fail(field, $"{what} est obligatoire.");
        }
        return Optional(text, field, what, maxLength, fail);
    }

    private static string? Optional(string? value, PlaceField field, string what, int maxLength, Action<PlaceField, string> fail)
    {
        var text = Text(value);
        if (text is { Length: var length } && length > maxLength)
        {
            fail(field, $"{what} fait au plus {maxLength} caractères ({length} reçus).");
        }
        return text;
    }

    /// <summary>Trimmed, and null when blank: an empty field is an absent field.</summary>
    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"^\d{5}$", RegexOptions.CultureInvariant)]
    private static partial Regex PostalCodePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}

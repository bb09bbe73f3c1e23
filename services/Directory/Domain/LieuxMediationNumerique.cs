using System.Globalization;
using System.Text.RegularExpressions;

namespace Fabriques.Directory.Domain;

/// <summary>
/// The national open-data standard "lieux de médiation numérique" v1.0.2 (LaMednum/standard-mediation-num): its
/// columns, and how a line maps to a place and back. Fields the directory does not hold are left empty on export and
/// ignored on import; the directory's own fields (kinds, roles, territory, labels) are kept by an import.
/// </summary>
public static partial class LieuxMediationNumerique
{
    public const string Id = "id";
    public const string Pivot = "pivot";
    public const string Nom = "nom";
    public const string Commune = "commune";
    public const string CodePostal = "code_postal";
    public const string CodeInsee = "code_insee";
    public const string Adresse = "adresse";
    public const string ComplementAdresse = "complement_adresse";
    public const string Latitude = "latitude";
    public const string Longitude = "longitude";
    public const string Typologie = "typologie";
    public const string Telephone = "telephone";
    public const string Courriels = "courriels";
    public const string SiteWeb = "site_web";
    public const string PresentationResume = "presentation_resume";
    public const string PresentationDetail = "presentation_detail";
    public const string Source = "source";
    public const string DateMaj = "date_maj";
    public const string DispositifProgrammesNationaux = "dispositif_programmes_nationaux";
    public const string FormationsLabels = "formations_labels";

    /// <summary>How files name the programme, in <see cref="DispositifProgrammesNationaux"/> or <see cref="FormationsLabels"/>.</summary>
    public const string FabriquesDeTerritoire = "Fabriques de Territoire";

    public const int MaxIdLength = 200;
    private const int ResumeMaxLength = 280;

    /// <summary>Every column, in the standard's order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        Id, Pivot, Nom, Commune, CodePostal, CodeInsee, Adresse, ComplementAdresse, Latitude, Longitude, Typologie,
        Telephone, Courriels, SiteWeb, "horaires", PresentationResume, PresentationDetail, Source, "itinerance",
        "structure_parente", DateMaj, "services", "publics_specifiquement_adresses", "prise_en_charge_specifique",
        "frais_a_charge", DispositifProgrammesNationaux, FormationsLabels, "autres_formations_labels", "modalites_acces",
        "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
    ];

    /// <summary>The columns a file must have (the standard's required fields).</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = [Id, Pivot, Nom, Commune, CodePostal, Adresse, DateMaj];

    /// <summary>The column that holds a field, to name it in a rejection.</summary>
    public static string ColumnOf(PlaceField field) => field switch
    {
        PlaceField.Name => Nom,
        PlaceField.Description => PresentationDetail,
        PlaceField.Pivot => Pivot,
        PlaceField.Street => Adresse,
        PlaceField.Complement => ComplementAdresse,
        PlaceField.PostalCode => CodePostal,
        PlaceField.InseeCode => CodeInsee,
        PlaceField.Commune => Commune,
        PlaceField.Latitude => Latitude,
        PlaceField.Longitude => Longitude,
        PlaceField.Email => Courriels,
        PlaceField.Phone => Telephone,
        PlaceField.Website => SiteWeb,
        _ => field.ToString(), // kinds, roles, territory: not in the standard, never read from it
    };

    /// <summary>
    /// Reads one line (<paramref name="field"/> gives a column's value, null when the file has no such column):
    /// its id, the place it describes, and what could not even be read (numbers, dates).
    /// Real files are messy: postal codes that lost their leading zero are restored, and of several values separated
    /// by <c>|</c> the first is kept.
    /// </summary>
    public static (string? Id, PlaceInput Input, IReadOnlyList<string> Errors) Read(Func<string, string?> field)
    {
        var errors = new List<string>();
        var id = field(Id)?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            errors.Add($"{Id} : l'identifiant du lieu est obligatoire.");
        }
        else if (id.Length > MaxIdLength)
        {
            errors.Add($"{Id} : l'identifiant fait au plus {MaxIdLength} caractères.");
        }
        var updatedOn = field(DateMaj)?.Trim();
        if (!string.IsNullOrEmpty(updatedOn) && !DateOnly.TryParseExact(updatedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add($"{DateMaj} : « {updatedOn} » n'est pas une date AAAA-MM-JJ.");
        }
        var input = new PlaceInput
        {
            Name = field(Nom),
            Description = NullIfBlank(field(PresentationDetail)) ?? field(PresentationResume),
            Pivot = field(Pivot),
            Street = field(Adresse),
            Complement = field(ComplementAdresse),
            PostalCode = RestoreLeadingZero(field(CodePostal)),
            InseeCode = RestoreLeadingZero(field(CodeInsee)),
            Commune = field(Commune),
            Latitude = Number(field(Latitude), Latitude, errors),
            Longitude = Number(field(Longitude), Longitude, errors),
            Email = First(field(Courriels)),
            Phone = First(field(Telephone)),
            Website = First(field(SiteWeb)),
        };
        return (id, input, errors);
    }

    /// <summary>
    /// Whether the line says the place is a Fabrique de Territoire: inventories write it among the national programmes
    /// (<see cref="DispositifProgrammesNationaux"/>), the standard among the labels (<see cref="FormationsLabels"/>, where
    /// the export writes it); either is read, so an exported file imports back unchanged.
    /// </summary>
    public static bool DeclaresFabrique(Func<string, string?> field) =>
        new[] { field(DispositifProgrammesNationaux), field(FormationsLabels) }
            .SelectMany(values => values?.Split('|', StringSplitOptions.TrimEntries) ?? [])
            .Any(value => string.Equals(value, FabriquesDeTerritoire, StringComparison.OrdinalIgnoreCase));

    /// <summary>The line's <see cref="DateMaj"/>, null when absent or not a date (then reported by <see cref="Read"/>).</summary>
    public static DateOnly? UpdatedOn(Func<string, string?> field) =>
        DateOnly.TryParseExact(field(DateMaj)?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>A place as a line of the standard, in <see cref="Columns"/> order.</summary>
    public static string[] Write(Place place)
    {
        var values = new Dictionary<string, string?>
        {
            [Id] = place.ExternalId,
            [Pivot] = place.Pivot ?? Contracts.Places.Pivot.Unknown,
            [Nom] = place.Name,
            [Commune] = place.Address.Commune,
            [CodePostal] = place.Address.PostalCode,
            [CodeInsee] = place.Address.InseeCode,
            [Adresse] = place.Address.Street,
            [ComplementAdresse] = place.Address.Complement,
            [Latitude] = place.Location?.Latitude.ToString("R", CultureInfo.InvariantCulture),
            [Longitude] = place.Location?.Longitude.ToString("R", CultureInfo.InvariantCulture),
            [Typologie] = "TIERS_LIEUX",
            [Telephone] = place.Contact.Phone,
            [Courriels] = place.Contact.Email,
            [SiteWeb] = place.Contact.Website,
            [PresentationResume] = Resume(place.Description),
            [PresentationDetail] = place.Description,
            [Source] = "ANCT, annuaire des Fabriques de Territoire",
            [DateMaj] = FrenchDate.Of(place.UpdatedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [DispositifProgrammesNationaux] = place.Kinds.Contains("france-services") ? "France Services" : null,
            [FormationsLabels] = place.Labels.Count > 0 ? FabriquesDeTerritoire : null,
        };
        return [.. Columns.Select(c => values.GetValueOrDefault(c) ?? "")];
    }

    private static string? Resume(string? description) =>
        description is { Length: > ResumeMaxLength } ? description[..(ResumeMaxLength - 1)].TrimEnd() + "…" : description;

    private static double? Number(string? value, string column, List<string> errors)
    {
        var text = NullIfBlank(value)?.Replace(',', '.');
        if (text is null)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        errors.Add($"{column} : « {value} » n'est pas un nombre décimal, par exemple 43.29.");
        return null;
    }

    private static string? First(string? values) =>
        values?.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();

    private static string? RestoreLeadingZero(string? code)
    {
        var text = code?.Trim();
        return text is not null && FourDigits().IsMatch(text) ? "0" + text : text;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex(@"^\d{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex FourDigits();
}

using System.Security.Claims;
using CsvHelper;
using Fabriques.Contracts.Places;
using Fabriques.Grants.Data;
using Fabriques.Grants.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Grants.Features;

/// <summary>
/// <c>POST /imports</c>: a gestionnaire loads the grants awarded before the platform existed, from a CSV (<c>,</c> or
/// <c>;</c>). Every line is accounted for: created, unchanged (imported already) or rejected with its reasons; a bad line
/// never stops the good ones, and importing the same file again changes nothing. Imported grants (<c>origin: import</c>)
/// count in the programme's committed and paid money and in its targets; they publish no event: nobody is to be told
/// today of a decision taken years ago. Their later events (an instalment paid here, a cancellation) name the
/// organisation but no person: partners get them, and notification writes no e-mail to an unknown contact.
/// </summary>
public static class ImportGrants
{
    private const long MaxFileBytes = 20L * 1024 * 1024;

    // Guards against an unclosed quote that would make the rest of the file one "line".
    private const int MaxLineBytes = 64 * 1024;

    public sealed record Rejection(long Line, IReadOnlyList<string> Errors);

    public sealed record Report(int Created, int Unchanged, IReadOnlyList<Rejection> Rejected);

    public static RouteGroupBuilder MapImportGrants(this RouteGroupBuilder group)
    {
        group.MapPost("/imports", HandleAsync)
            .RequireRoles(Roles.Gestionnaire)
            .Accepts<string>("text/csv")
            .WithName("ImportGrants")
            .WithSummary("Import the grants awarded before the platform, from a CSV (gestionnaire; re-importing changes nothing)")
            .WithDescription("Columns: pivot (SIRET or RNA of the beneficiary), place (directory id of the place, or the SIRET/RNA of " +
                             "the organisation that runs it), territory (qpv | outside-large-urban-centres), qpv_code, digital (true/false), " +
                             "amount_per_year, years, awarded_on (YYYY-MM-DD), paid_instalments, and optionally organisation_name.")
            .Produces<Report>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http, ClaimsPrincipal user, GrantsDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxFileBytes;
        }
        // The file is small (the programme's history is a few hundred grants): read whole, then imported in one transaction.
        var (lines, error) = await ReadAsync(http.Request.Body, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), ct);
        if (lines is null)
        {
            return new ValidationErrors().Add("file", error!).ToProblem();
        }
        // On the programme's lock: imports and awards take turns, so the envelope is weighed against everything committed.
        Report? report = null;
        var import = new Command<Programme>(async token => await db.LockProgrammeAsync(token), _ => TypedResults.Ok(report))
        {
            Rule = async (programme, token) =>
            {
                report = await ImportAsync(db, programme, lines, user.Subject(), time.GetUtcNow(), token);
                return null; // a line the rules refuse is reported, not a refusal of the whole file
            },
        };
        return await CommandRunner.RunAsync(db, GrantProblems.Refusals, import, ct);
    }

    private sealed record Line(long Number, GrantImportLine.Terms? Terms, IReadOnlyList<string> Errors);

    private static async Task<Report> ImportAsync(
        GrantsDbContext db, Programme programme, IReadOnlyList<Line> lines, string importedBy, DateTimeOffset now, CancellationToken ct)
    {
        var remaining = programme.Envelope - (await db.UsageAsync(ct)).Committed;
        var rejected = new List<Rejection>();
        var lineOfDecision = new Dictionary<Guid, long>();
        var (created, unchanged) = (0, 0);
        foreach (var line in lines)
        {
            var errors = line.Errors.ToList();
            var place = line.Terms is { } read ? await FindPlaceAsync(db, read.Place, errors, ct) : null;
            if (line.Terms is not { } terms || place is null || errors.Count > 0)
            {
                rejected.Add(new Rejection(line.Number, errors));
                continue;
            }
            var history = GrantImportLine.ToGrant(terms, place);
            if (!lineOfDecision.TryAdd(history.DecisionId, line.Number))
            {
                rejected.Add(new Rejection(line.Number,
                    [$"même organisation, même lieu et même date d'attribution que la ligne {lineOfDecision[history.DecisionId]}."]));
                continue;
            }
            var existing = await db.Grants.Include(g => g.Instalments).SingleOrDefaultAsync(g => g.CandidatureId == history.DecisionId, ct);
            if (existing is not null)
            {
                if (existing.Records(history))
                {
                    unchanged++;
                }
                else
                {
                    rejected.Add(new Rejection(line.Number,
                        ["cette subvention a déjà été importée avec d'autres valeurs : corrigez-la dans la plateforme plutôt que par un nouvel import."]));
                }
                continue;
            }
            var cost = programme.CostOf(history.Terms);
            if (cost > remaining)
            {
                rejected.Add(new Rejection(line.Number,
                    [$"l'enveloppe du programme ne suffit pas : il reste {Money.Format(remaining)} pour une subvention de {Money.Format(cost)} ; relevez-la d'abord (PUT /api/grants/programme)."]));
                continue;
            }
            db.Grants.Add(Grant.Import(history, programme, importedBy, now));
            remaining -= cost;
            created++;
        }
        return new Report(created, unchanged, rejected);
    }

    /// <summary>The place named by its directory id, or by the pivot of the one place whose organisation has that SIREN/RNA.</summary>
    private static async Task<KnownPlace?> FindPlaceAsync(GrantsDbContext db, string place, List<string> errors, CancellationToken ct)
    {
        if (Guid.TryParse(place, out var id))
        {
            var known = await db.Places.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
            if (known is null)
            {
                errors.Add($"{GrantImportLine.Place} : aucun lieu de l'annuaire n'a l'identifiant {id}.");
            }
            return known;
        }
        if (!Pivot.TryParse(place, out var pivot))
        {
            errors.Add($"{GrantImportLine.Place} : « {place} » n'est ni l'identifiant d'un lieu de l'annuaire ni un SIRET/RNA valide.");
            return null;
        }
        var candidates = await db.Places.AsNoTracking().Where(p => p.Pivot == pivot.Value).Take(2).ToListAsync(ct);
        if (candidates.Count != 1)
        {
            errors.Add($"{GrantImportLine.Place} : " + (candidates.Count == 0
                ? $"aucun lieu de l'annuaire n'est géré par {pivot} : enregistrez-le dans l'annuaire, ou indiquez l'identifiant du lieu."
                : $"plusieurs lieux de l'annuaire sont gérés par {pivot} : indiquez l'identifiant du lieu."));
            return null;
        }
        return candidates[0];
    }

    /// <summary>Every line after the header, or (nothing read) why the file is not a grants file.</summary>
    private static async Task<(IReadOnlyList<Line>? Lines, string? Error)> ReadAsync(Stream body, DateOnly today, CancellationToken ct)
    {
        var malformed = new Queue<CsvMalformedRecord>();
        await using var csv = CsvReader.Create(body, new CsvReaderOptions
        {
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = malformed.Enqueue,
            TrackLineNumbers = true,
            MaxRecordSize = MaxLineBytes,
        }, leaveOpen: true);
        try
        {
            await csv.ReadHeaderAsync(ct);
        }
        catch (CsvFormatException)
        {
            return (null, "La première ligne du fichier n'est pas lisible comme un en-tête CSV.");
        }
        var names = csv.Headers.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        var missing = GrantImportLine.RequiredColumns.Except(names).ToList();
        if (csv.Separator is not (',' or ';') || missing.Count > 0)
        {
            return (null, $"Colonnes obligatoires absentes de la première ligne (séparées par , ou ;) : {string.Join(", ", missing)}. "
                          + $"Attendu : {string.Join(", ", GrantImportLine.RequiredColumns)}, et si besoin {GrantImportLine.QpvCodeColumn}, {GrantImportLine.OrganisationName}.");
        }
        var columns = names.Select((name, index) => (name, index)).DistinctBy(c => c.name).ToDictionary(c => c.name, c => c.index);

        var lines = new List<Line>();
        while (true)
        {
            bool read;
            try
            {
                read = await csv.ReadAsync(ct);
            }
            catch (CsvFormatException)
            {
                lines.Add(new Line(lines.Count + 2, null, [$"Ligne de plus de {MaxLineBytes / 1024} Kio, sans doute un guillemet jamais fermé : la suite du fichier n'a pas été lue."]));
                break;
            }
            while (malformed.TryDequeue(out var record))
            {
                lines.Add(new Line(record.LineNumber, null, ["Ligne mal formée (nombre de colonnes ou guillemets) : vérifiez le séparateur et les guillemets."]));
            }
            if (!read)
            {
                break;
            }
            string? Field(string column) => columns.TryGetValue(column, out var index) && index < csv.FieldCount ? csv.GetString(index) : null;
            var errors = new List<string>();
            var terms = GrantImportLine.Read(Field, today, errors);
            lines.Add(new Line(csv.LineNumber, terms, errors));
        }
        return (lines, null);
    }
}

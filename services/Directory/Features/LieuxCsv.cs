using System.Runtime.CompilerServices;
using CsvHelper;
using Fabriques.Directory.Domain;

namespace Fabriques.Directory.Features;

/// <summary>
/// One line of a file in the national standard: the place it describes, or why it cannot be read; whether it declares
/// the place a Fabrique de Territoire, and since when (its <c>date_maj</c>).
/// </summary>
public sealed record CsvLine(long Number, string? Id, PlaceInput? Input, IReadOnlyList<string> Errors, bool Fabrique = false, DateOnly? UpdatedOn = null);

/// <summary>
/// Reads a CSV of the national standard as it arrives, one line at a time: <c>,</c> or <c>;</c> separated, UTF-8 with
/// or without BOM. A malformed line (unbalanced quotes, a wrong number of columns) is reported and skipped.
/// </summary>
public sealed class LieuxCsv : IAsyncDisposable
{
    // Guards against an unclosed quote that would make the rest of a 50 MB file one "line".
    private const int MaxLineBytes = 1 << 20;

    private readonly Queue<CsvMalformedRecord> _malformed = new();
    private readonly CsvReader _csv;
    private Dictionary<string, int> _columns = [];

    private LieuxCsv(Stream stream) => _csv = CsvReader.Create(stream, new CsvReaderOptions
    {
        MalformedData = CsvMalformedDataHandling.Skip,
        FieldCountMismatch = CsvFieldCountHandling.Skip,
        OnMalformedRecord = _malformed.Enqueue,
        TrackLineNumbers = true,
        MaxRecordSize = MaxLineBytes,
    }, leaveOpen: true);

    /// <summary>Reads the header: the file, or why it is not one of the standard (a French message).</summary>
    public static async Task<(LieuxCsv? File, string? Error)> OpenAsync(Stream stream, CancellationToken ct)
    {
        var file = new LieuxCsv(stream);
        var error = await file.ReadHeaderAsync(ct);
        if (error is null)
        {
            return (file, null);
        }
        await file.DisposeAsync();
        return (null, error);
    }

    private async Task<string?> ReadHeaderAsync(CancellationToken ct)
    {
        try
        {
            await _csv.ReadHeaderAsync(ct);
        }
        catch (CsvFormatException)
        {
            return "La première ligne du fichier n'est pas lisible comme un en-tête CSV.";
        }
        var names = _csv.Headers.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        if (names.All(n => n.Length == 0))
        {
            return "Le fichier est vide : sa première ligne doit nommer les colonnes du standard (id, pivot, nom, ...).";
        }
        if (_csv.Separator is not (',' or ';'))
        {
            return "Les colonnes doivent être séparées par des virgules ou des points-virgules.";
        }
        var missing = LieuxMediationNumerique.RequiredColumns.Except(names).ToList();
        if (missing.Count > 0)
        {
            return $"Colonnes obligatoires absentes de la première ligne : {string.Join(", ", missing)}. " +
                   "Le fichier doit suivre le standard « lieux de médiation numérique » v1.0.2.";
        }
        _columns = names.Select((name, index) => (name, index)).DistinctBy(c => c.name).ToDictionary(c => c.name, c => c.index);
        return null;
    }

    /// <summary>Every line after the header, in order; a line the reader had to skip comes with its reason.</summary>
    public async IAsyncEnumerable<CsvLine> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var lastLine = 1L;
        while (true)
        {
            bool read;
            CsvLine? unreadable = null;
            try
            {
                read = await _csv.ReadAsync(ct);
            }
            catch (CsvFormatException)
            {
                read = false;
                unreadable = new CsvLine(lastLine + 1, null, null,
                    [$"Ligne de plus de {MaxLineBytes / 1024} Kio, sans doute un guillemet jamais fermé : la suite du fichier n'a pas été lue."]);
            }
            while (_malformed.TryDequeue(out var malformed))
            {
                yield return new CsvLine(malformed.LineNumber, null, null, [Describe(malformed.Reason)]);
            }
            if (unreadable is not null)
            {
                yield return unreadable;
            }
            if (!read)
            {
                yield break;
            }
            lastLine = _csv.LineNumber;
            yield return Current();
        }
    }

    private CsvLine Current()
    {
        string? Field(string column) =>
            _columns.TryGetValue(column, out var index) && index < _csv.FieldCount ? SpreadsheetText.Restore(_csv.GetString(index)) : null;
        var (id, input, errors) = LieuxMediationNumerique.Read(Field);
        // Bytes that are not UTF-8 come out as U+FFFD (a Latin-1 export: accents would be lost) or NUL (UTF-16 without BOM).
        if (Enumerable.Range(0, _csv.FieldCount).Any(i => _csv.GetString(i).AsSpan().IndexOfAny('\uFFFD', '\0') >= 0))
        {
            errors = [.. errors, "Caractères illisibles : enregistrez le fichier en UTF-8."];
        }
        return new CsvLine(_csv.LineNumber, id, input, errors,
            LieuxMediationNumerique.DeclaresFabrique(Field), LieuxMediationNumerique.UpdatedOn(Field));
    }

    private static string Describe(CsvMalformedReason reason) => reason == CsvMalformedReason.FieldCountMismatch
        ? "Le nombre de colonnes de la ligne diffère de celui de l'en-tête : vérifiez le séparateur et les guillemets."
        : "Guillemets mal placés : une valeur qui contient le séparateur ou un guillemet s'écrit entre guillemets, ses guillemets doublés.";

    public ValueTask DisposeAsync() => _csv.DisposeAsync();
}

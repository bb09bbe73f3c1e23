namespace Fabriques.Candidature.Domain;

/// <summary>What a supporting document is (JSON and database: kebab-case, e.g. <c>budget-previsionnel</c>).</summary>
public enum DocumentKind
{
    Statuts,
    BudgetPrevisionnel,
    Rib,
    LettreDeSoutien,
    Autre,
}

/// <summary>
/// A supporting document of a candidature (statuts, provisional budget, bank details...): personal data, kept with the
/// candidature and removed with it. Its bytes are stored beside it (<c>candidature_document_contents</c>), never loaded
/// with it.
/// </summary>
public sealed class CandidatureDocument
{
    private CandidatureDocument() { }

    public Guid Id { get; private set; }
    public Guid CandidatureId { get; private set; }
    public DocumentKind Kind { get; private set; }
    /// <summary>The name the porteur's file had, cleaned of any path and control character.</summary>
    public string FileName { get; private set; } = "";
    /// <summary>Found from the bytes themselves (<see cref="DocumentFormat"/>), never from the name or the declared type.</summary>
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    /// <summary>SHA-256 of the bytes, lowercase hexadecimal: the porteur and reviewers can prove which file was sent.</summary>
    public string Sha256 { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }
    public string UploadedBy { get; private set; } = "";

    /// <summary>A document added to <paramref name="dossier"/>, only while the porteur may still change it.</summary>
    public static CandidatureDocument Attach(
        Dossier dossier, DocumentKind kind, string fileName, string contentType, long size, string sha256, string by, DateTimeOffset at)
    {
        if (!dossier.IsEditable)
        {
            throw new InvalidOperationException($"No document is added to a candidature while {dossier.State}.");
        }
        if (size is <= 0 or > DocumentFormat.MaxBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"A document weighs 1 to {DocumentFormat.MaxBytes} bytes.");
        }
        return new CandidatureDocument
        {
            Id = Guid.CreateVersion7(at), CandidatureId = dossier.Id, Kind = kind, FileName = fileName, ContentType = contentType,
            Size = size, Sha256 = sha256, UploadedAt = at, UploadedBy = by,
        };
    }
}

/// <summary>The formats a document may have, recognised by their first bytes ("magic numbers"), and its size limit.</summary>
public static class DocumentFormat
{
    public const long MaxBytes = 10L * 1024 * 1024;

    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";

    /// <summary>Enough of the start of a file to recognise every accepted format.</summary>
    public const int HeaderLength = 8;

    public const int MaxFileNameLength = 255;

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];

    public static IReadOnlyList<string> Accepted => [Pdf, Png, Jpeg];

    /// <summary>The content type of a file starting with <paramref name="header"/>, or null when it is none accepted.</summary>
    public static string? Detect(ReadOnlySpan<byte> header) =>
        header.StartsWith(PdfMagic) ? Pdf
        : header.StartsWith(PngMagic) ? Png
        : header.StartsWith(JpegMagic) ? Jpeg
        : null;

    /// <summary>
    /// The name to keep and give back in <c>Content-Disposition</c>: no directory, no control or quote character, at
    /// most <see cref="MaxFileNameLength"/> characters; "document" when nothing is left.
    /// </summary>
    public static string CleanFileName(string? name)
    {
        var last = (name ?? "").Split('/', '\\')[^1];
        var kept = new string([.. last.Where(c => !char.IsControl(c) && c is not '"')]).Trim();
        return kept.Length == 0 ? "document" : kept[..Math.Min(kept.Length, MaxFileNameLength)];
    }
}

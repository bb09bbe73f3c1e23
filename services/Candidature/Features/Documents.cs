using System.Buffers;
using System.Security.Claims;
using System.Security.Cryptography;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Fabriques.ServiceDefaults.Http;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Candidature.Features;

/// <summary>
/// <c>/{id}/documents</c>: the owner attaches supporting documents while the candidature is editable (PDF, PNG or JPEG
/// judged by their bytes, at most 10 MB, streamed to a temporary file then to PostgreSQL, never whole in memory); the
/// owner, reviewers and managers list and download them; the owner removes them while editable.
/// </summary>
public static class Documents
{
    /// <summary>What a request may weigh: the file plus the multipart envelope and the <c>kind</c> field.</summary>
    public const long MaxRequestBytes = DocumentFormat.MaxBytes + 64 * 1024;

    private const int MaxKindFieldBytes = 100;
    private const int CopyBufferBytes = 81_920;

    private const string AddDocument = "ajouter un document à";

    public sealed record DocumentResponse(
        Guid Id, DocumentKind Kind, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt)
    {
        public static DocumentResponse From(CandidatureDocument d) => new(d.Id, d.Kind, d.FileName, d.ContentType, d.Size, d.Sha256, d.UploadedAt);
    }

    /// <summary>The multipart body of an upload, as the OpenAPI document describes it (the endpoint reads it as a stream).</summary>
    public sealed record UploadForm(DocumentKind Kind, IFormFile File);

    public sealed record DocumentList(IReadOnlyList<DocumentResponse> Items);

    /// <summary>The file as received: bytes in a temporary file deleted when disposed, and what was learnt reading them.</summary>
    private sealed record ReceivedFile(FileStream Content, string FileName, string? ContentType, long Size, string Sha256, bool TooLarge) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Content.DisposeAsync();
    }

    public static RouteGroupBuilder MapDocuments(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/documents", UploadAsync)
            .RequireRoles(Roles.Porteur)
            .Accepts<UploadForm>("multipart/form-data")
            .WithName("UploadCandidatureDocument")
            .WithFilesTimeout() // a whole file: its size, not the default clock, bounds it
            .WithRequestExample(new { kind = DocumentKind.BudgetPrevisionnel, file = "(the PDF, PNG or JPEG bytes)" })
            .WithSummary("Attach a supporting document (multipart: file, kind; PDF, PNG or JPEG by content; at most 10 MB)")
            .Produces<DocumentResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/{id:guid}/documents", ListAsync)
            .RequireRoles(Roles.Porteur, Roles.Instructeur, Roles.Gestionnaire)
            .WithName("ListCandidatureDocuments")
            .WithSummary("List a candidature's supporting documents")
            .Produces<DocumentList>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/documents/{documentId:guid}", DownloadAsync)
            .RequireRoles(Roles.Porteur, Roles.Instructeur, Roles.Gestionnaire)
            .WithName("DownloadCandidatureDocument")
            .WithFilesTimeout() // a whole file: its size, not the default clock, bounds it
            .WithSummary("Download a supporting document (its bytes, as uploaded)")
            .Produces(StatusCodes.Status200OK, typeof(byte[]), DocumentFormat.Pdf, DocumentFormat.Png, DocumentFormat.Jpeg)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}/documents/{documentId:guid}", DeleteAsync)
            .RequireRoles(Roles.Porteur)
            .WithName("DeleteCandidatureDocument")
            .WithSummary("Remove a supporting document while the candidature is a draft or returned")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> UploadAsync(
        Guid id, HttpContext http, ClaimsPrincipal user, CandidatureDbContext db, TimeProvider time, CancellationToken ct)
    {
        var request = http.Request;
        // Refused on the declared length, before a byte of the body is read; Kestrel enforces the same bound on
        // bodies sent without one.
        if (request.ContentLength > MaxRequestBytes)
        {
            return Problems.DocumentTooLarge();
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBytes;
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return Problems.NotMultipart();
        }

        // Whose and in which state, before reading the file: a refusal costs the caller no upload.
        var dossier = await db.Candidatures.AsNoTracking().OwnedBy(user).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (dossier is null)
        {
            return Problems.CandidatureNotFound(id);
        }
        if (dossier.RefusalToEdit(AddDocument) is { } refusal)
        {
            return Problems.Refusals.ToProblem(refusal);
        }

        var errors = new ValidationErrors();
        DocumentKind? kind = null;
        var kindGiven = false;
        ReceivedFile? file = null;
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                var name = disposition is null ? null : HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "kind" && disposition!.IsFormDisposition())
                {
                    kindGiven = true;
                    kind = KebabCase<DocumentKind>.TryParse(await ReadFieldAsync(section.Body, ct), out var parsed) ? parsed : null;
                }
                else if (name == "file" && disposition is not null && disposition.IsFileDisposition() && file is null)
                {
                    file = await ReceiveAsync(section.Body, disposition, ct);
                    if (file.TooLarge)
                    {
                        return Problems.DocumentTooLarge();
                    }
                    if (file.Size > 0 && file.ContentType is null)
                    {
                        return Problems.UnsupportedDocumentType();
                    }
                }
                else
                {
                    await section.Body.CopyToAsync(Stream.Null, ct); // another field: read past it
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException) // a body cut before its closing boundary
        {
            file?.Content.Dispose();
            return errors.Add("file", "Le corps multipart/form-data est mal formé : envoyez le fichier dans le champ « file ».").ToProblem();
        }

        await using (file)
        {
            errors.AddIf(kind is null, "kind", kindGiven
                ? $"Nature de document inconnue ; natures possibles : {string.Join(", ", KebabCase<DocumentKind>.All)}."
                : $"Indiquez la nature du document : {string.Join(", ", KebabCase<DocumentKind>.All)}.");
            errors.AddIf(file is null, "file", "Joignez le fichier dans le champ « file » (PDF, PNG ou JPEG, 10 Mo au plus).");
            errors.AddIf(file is { Size: 0 }, "file", "Le fichier est vide.");
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }
            return await StoreAsync(db, id, user, kind!.Value, file!, time.GetUtcNow(), ct);
        }
    }

    /// <summary>Saves the metadata and the bytes in one transaction, after checking again that the owner may still add one.</summary>
    private static Task<IResult> StoreAsync(
        CandidatureDbContext db, Guid id, ClaimsPrincipal user, DocumentKind kind, ReceivedFile file, DateTimeOffset now, CancellationToken ct)
    {
        CandidatureDocument? document = null;
        var attach = CandidatureCommands.Change(db, id, db.Candidatures.OwnedBy(user),
            _ => TypedResults.Created($"/api/candidatures/{id}/documents/{document!.Id}", DocumentResponse.From(document))) with
        {
            Rule = async (dossier, token) =>
            {
                if (dossier.RefusalToEdit(AddDocument) is { } refusal)
                {
                    return refusal;
                }
                document = CandidatureDocument.Attach(dossier, kind, file.FileName, file.ContentType!, file.Size, file.Sha256, user.Subject(), now);
                dossier.RecordDocumentsChanged(now);
                db.Documents.Add(document);
                await db.SaveChangesAsync(token); // the document's row first: its bytes refer to it
                file.Content.Position = 0; // from the start on each try of the transaction
                await DocumentContents.WriteAsync(db, document.Id, file.Content, token);
                return null;
            },
        };
        return CommandRunner.RunAsync(db, Problems.Refusals, attach, ct);
    }

    /// <summary>
    /// Streams the file part to a temporary file, hashing it and recognising its format from its first bytes; stops as
    /// soon as it is too large or not an accepted format.
    /// </summary>
    private static async Task<ReceivedFile> ReceiveAsync(Stream body, ContentDispositionHeaderValue disposition, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fabriques-document-{Guid.NewGuid():N}");
        var content = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, CopyBufferBytes,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var fileName = DocumentFormat.CleanFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var header = new byte[DocumentFormat.HeaderLength];
        var headerLength = 0;
        string? contentType = null;
        long size = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), ct)) > 0)
            {
                size += read;
                if (size > DocumentFormat.MaxBytes)
                {
                    return new ReceivedFile(content, fileName, null, size, "", TooLarge: true);
                }
                if (headerLength < header.Length)
                {
                    var take = Math.Min(read, header.Length - headerLength);
                    buffer.AsSpan(0, take).CopyTo(header.AsSpan(headerLength));
                    headerLength += take;
                    if (headerLength == header.Length && DocumentFormat.Detect(header) is null)
                    {
                        return new ReceivedFile(content, fileName, null, size, "", TooLarge: false);
                    }
                }
                sha256.AppendData(buffer, 0, read);
                await content.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            contentType = DocumentFormat.Detect(header.AsSpan(0, headerLength));
            await content.FlushAsync(ct);
            return new ReceivedFile(content, fileName, contentType, size, Convert.ToHexStringLower(sha256.GetHashAndReset()), TooLarge: false);
        }
        catch
        {
            await content.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A short form field, read up to <see cref="MaxKindFieldBytes"/>: anything longer is no kind anyway.</summary>
    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        var bytes = new byte[MaxKindFieldBytes + 1];
        var length = 0;
        int read;
        while (length < bytes.Length && (read = await body.ReadAsync(bytes.AsMemory(length), ct)) > 0)
        {
            length += read;
        }
        await body.CopyToAsync(Stream.Null, ct);
        return System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(length, MaxKindFieldBytes)).Trim();
    }

    private static async Task<IResult> ListAsync(Guid id, ClaimsPrincipal user, CandidatureDbContext db, CancellationToken ct)
    {
        if (!await db.Candidatures.VisibleTo(user, db).AnyAsync(d => d.Id == id, ct))
        {
            return Problems.CandidatureNotFound(id);
        }
        var documents = await db.Documents.AsNoTracking().Where(d => d.CandidatureId == id).OrderBy(d => d.UploadedAt).ThenBy(d => d.Id).ToListAsync(ct);
        return TypedResults.Ok(new DocumentList([.. documents.Select(DocumentResponse.From)]));
    }

    private static async Task<IResult> DownloadAsync(
        Guid id, Guid documentId, HttpContext http, ClaimsPrincipal user, CandidatureDbContext db, CancellationToken ct)
    {
        if (!await db.Candidatures.VisibleTo(user, db).AnyAsync(d => d.Id == id, ct))
        {
            return Problems.CandidatureNotFound(id);
        }
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId && d.CandidatureId == id, ct);
        if (document is null)
        {
            return Problems.Refusals.ToProblem(CandidatureRefusals.UnknownDocument(documentId));
        }

        var response = http.Response;
        response.ContentType = document.ContentType;
        response.ContentLength = document.Size;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(document.FileName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.ETag = $"\"{document.Sha256}\"";
        await DocumentContents.CopyToAsync(db, document.Id, response.Body, ct);
        return TypedResults.Empty;
    }

    private static async Task<IResult> DeleteAsync(
        Guid id, Guid documentId, ClaimsPrincipal user, CandidatureDbContext db, TimeProvider time, CancellationToken ct)
    {
        var remove = CandidatureCommands.Change(db, id, db.Candidatures.OwnedBy(user), _ => TypedResults.NoContent()) with
        {
            Rule = async (dossier, token) =>
            {
                var document = await db.Documents.SingleOrDefaultAsync(d => d.Id == documentId && d.CandidatureId == id, token);
                if ((document is null ? CandidatureRefusals.UnknownDocument(documentId) : dossier.RefusalToEdit("retirer un document de")) is { } refusal)
                {
                    return refusal;
                }
                dossier.RecordDocumentsChanged(time.GetUtcNow());
                db.Documents.Remove(document!); // its bytes go with it (cascade)
                return null;
            },
        };
        return await CommandRunner.RunAsync(db, Problems.Refusals, remove, ct);
    }
}

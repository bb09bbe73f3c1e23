using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Candidature.Features;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Features;

/// <summary>Supporting documents: upload, list, download, delete, formats and sizes, and a wave's required documents.</summary>
public sealed class DocumentTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private readonly Scenario _ = new(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_uploaded_document_downloads_byte_for_byte_for_the_owner_instructeurs_and_gestionnaires()
    {
        await _.OpenWaveAsync();
        var id = await _.DraftAsync();
        var pdf = Pdf(3 * 1024 * 1024 + 17);

        using var upload = await UploadAsync(_.Porteur, id, pdf, "statuts", "Statuts signés.pdf");
        var document = await ReadAsync(upload, HttpStatusCode.Created);
        Assert.Equal("statuts", document.GetProperty("kind").GetString());
        Assert.Equal("Statuts signés.pdf", document.GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", document.GetProperty("contentType").GetString());
        Assert.Equal(pdf.Length, document.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), document.GetProperty("sha256").GetString());
        var documentId = Id(document);

        await _.ActAsync(_.Porteur, id, "submit");
        foreach (var reader in new[] { _.Porteur, _.Instructeur, _.Gestionnaire })
        {
            using var download = await reader.GetAsync($"{Candidatures}/{id}/documents/{documentId}", Ct);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Statuts signés.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
            Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync(Ct));

            using var list = await reader.GetAsync($"{Candidatures}/{id}/documents", Ct);
            var items = (await ReadAsync(list, HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal([documentId], items.Select(Id));
        }
    }

    [Fact]
    public async Task Png_and_jpeg_are_recognised_by_their_bytes_and_anything_else_is_a_415_whatever_its_name()
    {
        await _.OpenWaveAsync();
        var id = await _.DraftAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46];

        using var asPng = await UploadAsync(_.Porteur, id, png, "rib", "rib.pdf", "application/pdf");
        Assert.Equal("image/png", (await ReadAsync(asPng, HttpStatusCode.Created)).GetProperty("contentType").GetString());
        using var asJpeg = await UploadAsync(_.Porteur, id, jpeg, "lettre-de-soutien", "lettre.jpg");
        Assert.Equal("image/jpeg", (await ReadAsync(asJpeg, HttpStatusCode.Created)).GetProperty("contentType").GetString());

        using var text = await UploadAsync(_.Porteur, id, "Budget : 40 000 €"u8.ToArray(), "budget-previsionnel", "budget.pdf", "application/pdf");
        await ProblemAsync(text, HttpStatusCode.UnsupportedMediaType, CandidatureProblemTypes.UnsupportedDocumentType);
        using var html = await UploadAsync(_.Porteur, id, "<html><script>alert(1)</script></html>"u8.ToArray(), "autre", "photo.png", "image/png");
        await ProblemAsync(html, HttpStatusCode.UnsupportedMediaType, CandidatureProblemTypes.UnsupportedDocumentType);
        using var json = await _.Porteur.PostAsJsonAsync($"{Candidatures}/{id}/documents", new { kind = "rib" }, Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);

        Assert.Equal(2, await host.QueryAsync(db => db.Documents.CountAsync(d => d.CandidatureId == id, Ct)));
    }

    [Fact]
    public async Task A_file_over_10_MB_is_a_413_before_its_body_is_read_and_nothing_is_kept()
    {
        await _.OpenWaveAsync();
        var id = await _.DraftAsync();

        // Straight to the test server (the factory's default client buffers bodies first): the body starts, then
        // stalls until the answer is in, so the answer cannot have waited for it.
        var stalled = new StalledMultipart(declaredLength: 11L * 1024 * 1024);
        using var direct = host.Server.CreateClient();
        direct.DefaultRequestHeaders.Authorization = _.Porteur.DefaultRequestHeaders.Authorization;
        using var tooLong = await direct.PostAsync($"{Candidatures}/{id}/documents", stalled, Ct);
        Assert.False(stalled.Finished);
        stalled.Release();
        await ProblemAsync(tooLong, HttpStatusCode.RequestEntityTooLarge, CandidatureProblemTypes.DocumentTooLarge);

        // Just over the limit, inside a request the envelope keeps under the declared bound: counted as it streams.
        using var overByOne = await UploadAsync(_.Porteur, id, Pdf(10 * 1024 * 1024 + 1), "statuts", "juste-trop.pdf");
        await ProblemAsync(overByOne, HttpStatusCode.RequestEntityTooLarge, CandidatureProblemTypes.DocumentTooLarge);

        using var atTheLimit = await UploadAsync(_.Porteur, id, Pdf(10 * 1024 * 1024), "statuts", "limite.pdf");
        await ReadAsync(atTheLimit, HttpStatusCode.Created);
        Assert.Equal(1, await host.QueryAsync(db => db.Documents.CountAsync(d => d.CandidatureId == id, Ct)));
    }

    [Fact]
    public async Task A_kind_outside_the_list_or_a_missing_file_is_a_400_naming_the_field()
    {
        await _.OpenWaveAsync();
        var id = await _.DraftAsync();

        using var unknownKind = await UploadAsync(_.Porteur, id, Pdf(100), "passeport", "passeport.pdf");
        Assert.Equal(new[] { "kind" }, ErrorFields(await ReadAsync(unknownKind, HttpStatusCode.BadRequest)));
        using var noFile = await _.Porteur.PostAsync($"{Candidatures}/{id}/documents",
            new MultipartFormDataContent { { new StringContent("rib"), "kind" } }, Ct);
        Assert.Equal(new[] { "file" }, ErrorFields(await ReadAsync(noFile, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Only_the_owner_adds_and_removes_documents_and_only_while_the_candidature_is_a_draft_or_returned()
    {
        await _.OpenWaveAsync();
        var id = await _.DraftAsync();
        var first = Id(await ReadAsync(await UploadAsync(_.Porteur, id, Pdf(1000), "statuts", "a.pdf"), HttpStatusCode.Created));
        var second = Id(await ReadAsync(await UploadAsync(_.Porteur, id, Pdf(1000), "autre", "b.pdf"), HttpStatusCode.Created));
        using var other = host.CreateClient("porteur-documents", Roles.Porteur);

        using var otherUploads = await UploadAsync(other, id, Pdf(100), "rib", "rib.pdf");
        using var otherDeletes = await other.DeleteAsync($"{Candidatures}/{id}/documents/{first}", Ct);
        using var otherLists = await other.GetAsync($"{Candidatures}/{id}/documents", Ct);
        using var otherDownloads = await other.GetAsync($"{Candidatures}/{id}/documents/{first}", Ct);
        foreach (var response in new[] { otherUploads, otherDeletes, otherLists, otherDownloads })
        {
            await ProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }
        using var instructeurUploads = await UploadAsync(_.Instructeur, id, Pdf(100), "rib", "rib.pdf");
        Assert.Equal(HttpStatusCode.Forbidden, instructeurUploads.StatusCode);

        using var deleted = await _.Porteur.DeleteAsync($"{Candidatures}/{id}/documents/{first}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await _.Porteur.GetAsync($"{Candidatures}/{id}/documents/{first}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        await _.ActAsync(_.Porteur, id, "submit");
        using var lateDelete = await _.Porteur.DeleteAsync($"{Candidatures}/{id}/documents/{second}", Ct);
        await ProblemAsync(lateDelete, HttpStatusCode.Conflict, CandidatureProblemTypes.InvalidTransition);
        using var lateUpload = await UploadAsync(_.Porteur, id, Pdf(100), "rib", "rib.pdf");
        await ProblemAsync(lateUpload, HttpStatusCode.Conflict, CandidatureProblemTypes.InvalidTransition);

        await _.ActAsync(_.Instructeur, id, "review");
        await _.ActAsync(_.Instructeur, id, "return", new { motivation = "Ajoutez le RIB." });
        using var returnedUpload = await UploadAsync(_.Porteur, id, Pdf(100), "rib", "rib.pdf");
        await ReadAsync(returnedUpload, HttpStatusCode.Created);
        var kinds = await host.QueryAsync(db => db.Documents.Where(d => d.CandidatureId == id).Select(d => d.Kind).ToListAsync(Ct));
        Assert.Equal(new[] { DocumentKind.Rib, DocumentKind.Autre }, kinds.Order());
        Assert.Equal(2, await host.QueryAsync(db => db.Set<DocumentContent>().CountAsync(
            c => db.Documents.Any(d => d.Id == c.DocumentId && d.CandidatureId == id), Ct)));
    }

    [Fact]
    public async Task A_wave_requiring_documents_refuses_the_submission_until_each_kind_is_attached()
    {
        var now = _.NewEra();
        using var created = await _.Gestionnaire.PostAsJsonAsync(Waves, new
        {
            name = "Vague avec pièces", opensAt = now.AddDays(-1), deadline = now.AddDays(30), requiredDocuments = new[] { "statuts", "rib" },
        }, Ct);
        var wave = await ReadAsync(created, HttpStatusCode.Created);
        Assert.Equal(new[] { "statuts", "rib" }, wave.GetProperty("requiredDocuments").EnumerateArray().Select(k => k.GetString()));
        var id = await _.DraftAsync();
        await UploadAsync(_.Porteur, id, Pdf(500), "statuts", "statuts.pdf");

        using var refused = await _.PostAsync(_.Porteur, id, "submit");
        var problem = await ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, CandidatureProblemTypes.MissingDocuments);
        Assert.Equal(new[] { "rib" }, problem.GetProperty("missingDocuments").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("draft", State(await _.GetAsync(id, _.Porteur)));

        await UploadAsync(_.Porteur, id, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4], "rib", "rib.jpg");
        Assert.Equal("submitted", State(await _.ActAsync(_.Porteur, id, "submit")));
    }

    [Fact]
    public async Task A_wave_with_a_required_kind_outside_the_list_is_a_400()
    {
        var now = _.NewEra();
        using var created = await _.Gestionnaire.PostAsJsonAsync(Waves, new
        {
            name = "Vague", opensAt = now.AddDays(1), deadline = now.AddDays(30), requiredDocuments = new[] { "statuts", "kbis" },
        }, Ct);
        Assert.Equal(new[] { "requiredDocuments[1]" }, ErrorFields(await ReadAsync(created, HttpStatusCode.BadRequest)));
    }

    /// <summary>A PDF of <paramref name="size"/> bytes: the header, then bytes that vary, so a shifted copy would show.</summary>
    public static byte[] Pdf(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    public static Task<HttpResponseMessage> UploadAsync(
        HttpClient client, Guid id, byte[] content, string kind, string fileName, string declaredType = "application/octet-stream")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        return client.PostAsync($"{Candidatures}/{id}/documents", Form(file, kind, fileName), Ct);
    }

    private static MultipartFormDataContent Form(HttpContent file, string kind, string fileName) => new()
    {
        { new StringContent(kind), "kind" },
        { file, "file", fileName },
    };

    /// <summary>
    /// A multipart body that declares a length (given to its constructor), sends its first bytes, then waits to be
    /// released (or for a deadline, should the server wrongly wait for it) before ending short.
    /// </summary>
    private sealed class StalledMultipart : HttpContent
    {
        private readonly long _declaredLength;
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(30));

        public StalledMultipart(long declaredLength)
        {
            _declaredLength = declaredLength;
            Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=stalled");
            _deadline.Token.Register(Release);
        }

        public bool Finished { get; private set; }

        public void Release() => _released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync("--stalled\r\nContent-Disposition: form-data; name=\"file\"; filename=\"gros.pdf\"\r\n\r\n%PDF-1.7\n"u8.ToArray());
            await stream.FlushAsync();
            await _released.Task;
            Finished = true;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _declaredLength;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            _deadline.Dispose();
            base.Dispose(disposing);
        }
    }
}

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Fabriques.ServiceDefaults.OpenApi;

/// <summary>
/// What every document says of itself besides its title and version: what the platform is and the conventions all its
/// routes share, who publishes it, and under which licence. The repository has no licence of its own, so the documents
/// take the French administration's open licence for public information (Licence Ouverte 2.0, SPDX <c>etalab-2.0</c>).
/// </summary>
internal static class DocumentInfo
{
    private const string Description =
        "An API of **Fabriques de Territoire**, the programme of the Agence nationale de la cohésion des territoires (ANCT) "
        + "for tiers-lieux, reached through the platform's gateway.\n\n"
        + "Every route follows the same conventions: JSON in camelCase; UUID ids; lists paged with `page` and `pageSize`; "
        + "errors as RFC 9457 problems, with a stable `type` for programs and a French `detail` for people; "
        + "`Idempotency-Key` on writes; `ETag` on reads and `If-Match` on `PUT`; a bearer JWT whose `role` claim "
        + "(porteur, instructeur, gestionnaire, partenaire) says what its holder may do.";

    public static void AddDocumentInfo(this OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Description = Description;
            document.Info.Contact = new OpenApiContact { Name = "ANCT — Fabriques de Territoire", Url = new Uri("https://fabriques.anct.gouv.fr") };
            document.Info.License = new OpenApiLicense { Name = "Licence Ouverte / Open Licence 2.0", Identifier = "etalab-2.0" };
            return Task.CompletedTask;
        });
}

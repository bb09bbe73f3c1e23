using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Fabriques.ServiceDefaults.OpenApi;

/// <summary>
/// The documents' tags group operations by the resource they act on, as a frontend developer looks for them: a
/// generated client makes one class of each tag, and the reference one section. (The framework tags each operation
/// after its endpoint class: one tag, and one class, per operation.) An operation takes the tag of the longest route
/// below that starts its path; tags are listed in this order. A route none starts keeps the framework's tag, which
/// has no description: Redocly's lint (<c>tag-description: error</c>) then names it, to be added here.
/// </summary>
internal static class DocumentTags
{
    private sealed record Tag(string Name, string Description);

    private static readonly Tag Operations = new("Operations",
        "Operator actions behind the Aspire dashboard's commands (gestionnaire): dead letters and their replay once the cause is fixed, and this service's own commands.");

    private static readonly (string Route, Tag Tag)[] ByRoute =
    [
        ("/api/directory/places", new("Places",
            "Tiers-lieux and Fabriques of the national directory: search, read, register, update, archive, and export as the national CSV standard or data·inclusion structures.")),
        ("/api/directory/stats", new("Statistics", "Places and Fabriques counted by département, région, kind and territory.")),
        ("/api/directory/imports", new("Imports", "Places loaded from a CSV of the national standard \"lieux de médiation numérique\" v1.0.2.")),
        ("/api/directory/operations", Operations),

        ("/api/candidatures", new("Candidatures",
            "Candidatures to the call for expressions of interest (AMI): drafts, submission, examination (review, return, decision, reopening), withdrawal, and the instructeur in charge.")),
        ("/api/candidatures/{id}/opinions", new("Opinions",
            "Instructeurs' opinions on a candidature under examination, on the programme's scoring grid. Never shown to the porteur.")),
        ("/api/candidatures/{id}/documents", new("Documents",
            "A candidature's supporting documents (statuts, budget, RIB…): PDF, PNG or JPEG, at most 10 MB.")),
        ("/api/candidatures/waves", new("Waves",
            "The call's waves: their calendar, state (scheduled, open, closed) and number of laureates. A submission goes to the wave whose deadline is the next ahead.")),
        ("/api/candidatures/operations", Operations),

        ("/api/grants/programme", new("Programme",
            "The programme: its envelope, what is committed and paid, targets by territory, caps and digital bonus, and the check that grants, candidatures and labels agree.")),
        ("/api/grants", new("Grants",
            "Grants awarded to accepted candidatures, with their instalments and ledger. Cancelling one returns its unpaid money to the envelope.")),
        ("/api/grants/{id}/instalments", new("Instalments", "A grant's yearly instalments, committed then paid, in year order.")),
        ("/api/grants/imports", new("Imports", "Grants awarded before the platform, loaded from a CSV.")),
        ("/api/grants/operations", Operations),

        ("/api/notifications/events", new("Events",
            "Every public event, in order, as CloudEvents: a partner that was away resumes from its cursor.")),
        ("/api/notifications/subscriptions", new("Subscriptions",
            "Webhook subscriptions of partner systems: their URL, event types and signing secret, which can be rotated.")),
        ("/api/notifications/subscriptions/{id}/deliveries", new("Deliveries",
            "Every attempt to deliver an event to a subscription, and sending one again.")),
        ("/api/notifications/brokers/accounts", new("Broker accounts",
            "Partner systems' accounts on RabbitMQ, to read the public events from their own queues.")),
        ("/api/notifications", new("Emails", "The French e-mails the platform sent to porteurs about their candidatures and grants.")),
        ("/api/notifications/operations", Operations),
    ];

    public static void AddDocumentTags(this OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            var matched = new HashSet<string>();
            foreach (var (path, item) in document.Paths)
            {
                var (route, tag) = ByRoute.Where(r => Starts(path, r.Route)).MaxBy(r => r.Route.Length);
                if (tag is not null)
                {
                    matched.Add(route);
                    foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
                    {
                        operation.Tags = new HashSet<OpenApiTagReference> { new(tag.Name, document) };
                    }
                }
            }
            var described = ByRoute.Where(r => matched.Contains(r.Route)).Select(r => r.Tag).Distinct().ToList();
            var undescribed = document.Paths.Values
                .SelectMany(item => item.Operations?.Values.AsEnumerable() ?? [])
                .SelectMany(operation => operation.Tags?.AsEnumerable() ?? [])
                .Select(reference => reference.Name)
                .Where(name => name is not null && described.TrueForAll(t => t.Name != name))
                .Distinct();
            document.Tags = described.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description })
                .Concat(undescribed.Select(name => new OpenApiTag { Name = name }))
                .ToHashSet();
            return Task.CompletedTask;
        });

    /// <summary>Whether <paramref name="path"/> is <paramref name="route"/> or below it.</summary>
    private static bool Starts(string path, string route) =>
        path == route || path.StartsWith(route + "/", StringComparison.Ordinal);
}

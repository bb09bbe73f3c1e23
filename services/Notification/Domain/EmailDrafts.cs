using System.Globalization;
using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Grants;

namespace Fabriques.Notification.Domain;

/// <summary>Which e-mail each event sends, to whom, with which values: everything comes from the event itself.</summary>
public static class EmailDrafts
{
    /// <summary>The events that send an e-mail.</summary>
    public static readonly IReadOnlyList<Type> Events =
    [
        typeof(CandidatureSubmitted), typeof(CandidatureReviewStarted), typeof(CandidatureReturned), typeof(CandidatureAccepted),
        typeof(CandidatureRejected), typeof(CandidatureDismissed), typeof(CandidatureReopened), typeof(CandidatureWithdrawn),
        typeof(GrantAwarded), typeof(GrantAwardRefused), typeof(GrantCancelled), typeof(InstalmentPaid),
    ];

    public const string Submitted = "candidature-submitted";
    public const string Returned = "candidature-returned";
    public const string Accepted = "candidature-accepted";
    public const string Rejected = "candidature-rejected";
    public const string Dismissed = "candidature-dismissed";
    public const string Awarded = "grant-awarded";
    public const string Paid = "instalment-paid";
    public const string ReviewStarted = "candidature-review-started";
    public const string Reopened = "candidature-reopened";
    public const string Withdrawn = "candidature-withdrawn";
    public const string AwardRefused = "grant-award-refused";
    public const string Cancelled = "grant-cancelled";

    public static readonly IReadOnlyList<string> Templates =
        [Submitted, ReviewStarted, Returned, Accepted, Rejected, Dismissed, Reopened, Withdrawn, Awarded, AwardRefused, Cancelled, Paid];

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>
    /// The e-mail <paramref name="event"/> sends; null when it does not say whom to write to: an older publisher's event,
    /// or one about a grant imported from the programme's history, whose contact the platform never knew (its address is
    /// empty; nobody is written to rather than an e-mail that can only fail).
    /// </summary>
    public static EmailDraft? For(IntegrationEvent @event) =>
        DraftOf(@event) is { } draft && !string.IsNullOrWhiteSpace(draft.Recipient.Email) ? draft : null;

    private static EmailDraft? DraftOf(IntegrationEvent @event) => @event switch
    {
        CandidatureSubmitted e => Candidature(Submitted, e, new()
        {
            ["waveName"] = e.WaveName,
            ["deadline"] = DateTime(e.Deadline),
        }),
        CandidatureReviewStarted e => Candidature(ReviewStarted, e, []),
        CandidatureReturned e => Candidature(Returned, e, new() { ["motivation"] = e.Motivation }),
        CandidatureAccepted e => Candidature(Accepted, e, new() { ["motivation"] = e.Motivation }),
        CandidatureRejected e => Candidature(Rejected, e, new() { ["motivation"] = e.Motivation }),
        CandidatureDismissed e => Candidature(Dismissed, e, new() { ["motivation"] = e.Motivation }),
        CandidatureReopened e => Candidature(Reopened, e, new() { ["motivation"] = e.Motivation }),
        CandidatureWithdrawn e => Candidature(Withdrawn, e, []),
        GrantAwardRefused { OwnerId: { } owner, Contact: { } contact } e => new EmailDraft(AwardRefused, owner, contact, WithContact(contact, new()
        {
            ["projectTitle"] = e.ProjectTitle ?? "",
            ["reason"] = e.Reason,
        })),
        GrantCancelled { OwnerId: { } owner, Contact: { } contact } e => new EmailDraft(Cancelled, owner, contact, WithContact(contact, new()
        {
            ["motivation"] = e.Motivation,
            ["returned"] = Money(e.ReturnedToEnvelope),
        })),
        GrantAwardRefused or GrantCancelled => null,
        GrantAwarded e => new EmailDraft(Awarded, e.OwnerId, e.Contact, WithContact(e.Contact, new()
        {
            ["total"] = Money(e.Total),
            ["digital"] = e.Digital ? "oui" : "",
            ["instalments"] = e.Instalments.OrderBy(i => i.Year).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                ["year"] = i.Year.ToString(French),
                ["amount"] = Money(i.Amount),
                ["dueOn"] = Date(i.DueOn),
            }).ToList(),
        })),
        InstalmentPaid e => new EmailDraft(Paid, e.OwnerId, e.Contact, WithContact(e.Contact, new()
        {
            ["year"] = e.Year.ToString(French),
            ["amount"] = Money(e.Amount),
            ["paidOn"] = Date(e.PaidOn),
            ["reference"] = e.Reference,
        })),
        _ => throw new ArgumentException($"{@event.GetType().Name} sends no e-mail.", nameof(@event)),
    };

    public static string Money(decimal amount) => amount.ToString("#,##0.00 €", French);

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", French);

    public static string DateTime(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Paris).ToString("d MMMM yyyy 'à' HH'h'mm", French);

    private static EmailDraft Candidature(string template, CandidatureEvent e, Dictionary<string, object?> values)
    {
        values["projectTitle"] = e.ProjectTitle;
        return new EmailDraft(template, e.OwnerId, e.Contact, WithContact(e.Contact, values));
    }

    private static Dictionary<string, object?> WithContact(Contact contact, Dictionary<string, object?> values)
    {
        values["name"] = contact.Name;
        values["organisationName"] = contact.OrganisationName;
        return values;
    }
}

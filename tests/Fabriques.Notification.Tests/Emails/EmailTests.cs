using System.Net;
using System.Text.Json;
using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Grants;
using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using MimeKit;
using Npgsql;

namespace Fabriques.Notification.Tests.Emails;

public sealed class EmailTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    public static TheoryData<string> Cases =>
    [
        "submitted", "review-started", "returned", "accepted", "rejected", "dismissed", "reopened", "withdrawn", "awarded", "award-refused",
        "cancelled", "paid",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_event_sends_its_French_email_to_the_porteur(string name)
    {
        var contact = Events.NewContact();
        var (@event, subject, says) = Case(name, contact);

        await Events.PublishAsync(host.BrokerUri, @event);

        var email = Assert.Single(await host.Smtp.WaitForAsync(contact.Email));
        Assert.Equal(contact.Name, email.To.Mailboxes.Single().Name);
        Assert.Equal("ne-pas-repondre@fabriques.anct.gouv.fr", email.From.Mailboxes.Single().Address);
        Assert.Equal(subject, Plain(email.Subject));
        foreach (var text in says.Append($"Bonjour {contact.Name},"))
        {
            Assert.Contains(text, Plain(email.TextBody));
            Assert.Contains(text, Plain(WebUtility.HtmlDecode(email.HtmlBody)));
        }
    }

    [Fact]
    public async Task Text_from_an_event_cannot_inject_markup_into_the_html_part()
    {
        var contact = Events.NewContact();

        await Events.PublishAsync(host.BrokerUri, Events.Rejected("porteur-html", contact, "<script>alert(1)</script> & co"));

        var email = Assert.Single(await host.Smtp.WaitForAsync(contact.Email));
        Assert.DoesNotContain("<script>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_motivation_that_looks_like_a_template_tag_is_sent_as_written()
    {
        var contact = Events.NewContact();

        await Events.PublishAsync(host.BrokerUri, Events.Rejected("porteur-braces", contact, "Précisez {{x}} et {{#y}}le budget{{/y}}."));

        var email = Assert.Single(await host.Smtp.WaitForAsync(contact.Email));
        Assert.Contains("Précisez {{x}} et {{#y}}le budget{{/y}}.", Plain(email.TextBody));
        Assert.Contains("Précisez {{x}} et {{#y}}le budget{{/y}}.", Plain(WebUtility.HtmlDecode(email.HtmlBody)));
    }

    [Fact]
    public async Task A_redelivered_event_sends_one_email()
    {
        var contact = Events.NewContact();
        var submitted = Events.Submitted("porteur-twice", contact);
        using var duplicates = host.DuplicatesSkipped("emails");

        await Events.PublishAsync(host.BrokerUri, submitted, submitted);

        await host.Smtp.WaitForAsync(contact.Email);
        await Eventually.SucceedsAsync(() => Task.FromResult(duplicates.Total >= 1), TimeSpan.FromSeconds(30),
            "the second delivery of the event did not arrive");
        Assert.Single(host.Smtp.Received, m => m.To.Mailboxes.Single().Address == contact.Email);
        using var porteur = host.CreateClient("porteur-twice", Roles.Porteur);
        Assert.Single(await porteur.GetItemsAsync(Api.Emails), e => e.GetProperty("event").GetGuid() == submitted.EventId);
    }

    [Fact]
    public async Task A_refused_email_is_retried_and_recorded_as_sent_after_two_attempts()
    {
        var contact = Events.NewContact();
        host.Smtp.RefuseNext(contact.Email, 1);
        var awarded = Events.Awarded("porteur-retry", contact);

        await Events.PublishAsync(host.BrokerUri, awarded);

        Assert.Single(await host.Smtp.WaitForAsync(contact.Email));
        var email = await RecordedAsync("porteur-retry", "sent");
        Assert.Equal(2, email.GetProperty("attempts").GetInt32());
        Assert.Equal(contact.Email, email.GetProperty("to").GetString());
        Assert.Equal("grant-awarded", email.GetProperty("template").GetString());
        Assert.Equal(awarded.EventId, email.GetProperty("event").GetGuid());
        Assert.Equal("fr.anct.fabriques.grant.awarded", email.GetProperty("eventType").GetString());
        Assert.Equal(JsonValueKind.String, email.GetProperty("sentAt").ValueKind);
    }

    [Fact]
    public async Task A_mailbox_the_server_says_does_not_exist_is_not_tried_again()
    {
        var contact = Events.NewContact();
        host.Smtp.RefuseNext(contact.Email, 5, code: 550);

        await Events.PublishAsync(host.BrokerUri, Events.Submitted("porteur-unknown", contact));

        var email = await RecordedAsync("porteur-unknown", "failed");
        await Task.Delay(1000, TestContext.Current.CancellationToken); // retries would be 0.2 and 0.4 s later
        Assert.Equal(1, email.GetProperty("attempts").GetInt32());
        Assert.Equal(1, (await RecordedAsync("porteur-unknown", "failed")).GetProperty("attempts").GetInt32());
        Assert.DoesNotContain(host.Smtp.Received, m => m.To.Mailboxes.Single().Address == contact.Email);
    }

    [Fact]
    public async Task An_instalment_paid_on_a_grant_imported_from_history_writes_no_email_and_reaches_partners_whole()
    {
        // A grant awarded before the platform: the import knows the organisation's name, no person and no address.
        var paid = new InstalmentPaid
        {
            GrantId = Guid.CreateVersion7(), CandidatureId = Guid.CreateVersion7(), PlaceId = Guid.CreateVersion7(),
            OwnerId = "porteur-historique", Contact = new Contact("Association des Moulins", "", ""),
            Year = 3, Amount = 50_000m, PaidOn = new DateOnly(2026, 11, 30), Reference = "CHORUS-2026-000042",
        };

        await Events.PublishAsync(host.BrokerUri, paid);

        await Eventually.SucceedsAsync(() => HandledByAsync(paid.EventId, "emails"), TimeSpan.FromSeconds(30),
            "the e-mail consumer did not take the event in");
        using var porteur = host.CreateClient("porteur-historique", Roles.Porteur);
        Assert.DoesNotContain(await porteur.GetItemsAsync($"{Api.Emails}?pageSize=200"), e => e.GetProperty("event").GetGuid() == paid.EventId);

        using var partner = host.CreateClient("partner-historique", Roles.Partenaire);
        var published = await Eventually.ReturnsAsync(async () =>
            (await partner.GetItemsAsync("/api/notifications/events?type=fr.anct.fabriques.grant.instalment-paid&limit=1000"))
            .Where(e => e.GetProperty("id").GetString() == paid.EventId.ToString()).Select(e => (object)e).FirstOrDefault(),
            TimeSpan.FromSeconds(30), "the payment did not reach the partners' feed");
        var data = ((JsonElement)published).GetProperty("data");
        Assert.Equal((paid.GrantId.ToString(), "Association des Moulins", 3, 50_000m, "2026-11-30", "CHORUS-2026-000042"),
            (data.GetProperty("grantId").GetString(), data.GetProperty("organisationName").GetString(), data.GetProperty("year").GetInt32(),
                data.GetProperty("amount").GetDecimal(), data.GetProperty("paidOn").GetString(), data.GetProperty("reference").GetString()));
        Assert.False(data.TryGetProperty("contact", out _));
        Assert.False(data.TryGetProperty("ownerId", out _));
    }

    /// <summary>Whether <paramref name="consumer"/> recorded <paramref name="eventId"/> in the service's inbox (its effect is then committed).</summary>
    private async Task<bool> HandledByAsync(Guid eventId, string consumer)
    {
        await using var connection = new NpgsqlConnection(host.DatabaseConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM messaging.inbox_messages WHERE event_id = @event AND consumer = @consumer", connection);
        command.Parameters.AddWithValue("event", eventId);
        command.Parameters.AddWithValue("consumer", consumer);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))! == 1;
    }

    [Fact]
    public async Task A_porteur_reads_their_own_emails_and_a_gestionnaire_reads_all()
    {
        var mine = Events.Submitted("porteur-a", Events.NewContact());
        var theirs = Events.Submitted("porteur-b", Events.NewContact());
        await Events.PublishAsync(host.BrokerUri, mine, theirs);
        await host.Smtp.WaitForAsync(mine.Contact.Email);
        await host.Smtp.WaitForAsync(theirs.Contact.Email);
        using var porteur = host.CreateClient("porteur-a", Roles.Porteur);
        using var gestionnaire = host.CreateClient("gestionnaire-1", Roles.Gestionnaire);

        var own = await porteur.GetItemsAsync($"{Api.Emails}?pageSize=200");
        var all = await gestionnaire.GetItemsAsync($"{Api.Emails}?pageSize=200");

        Assert.All(own, e => Assert.Equal(mine.Contact.Email, e.GetProperty("to").GetString()));
        Assert.Single(own);
        Assert.Contains(all, e => e.GetProperty("event").GetGuid() == mine.EventId);
        Assert.Contains(all, e => e.GetProperty("event").GetGuid() == theirs.EventId);
        var page = await gestionnaire.GetJsonAsync($"{Api.Emails}?page=1&pageSize=1");
        Assert.Equal(1, page.GetProperty("pageSize").GetInt32());
        Assert.True(page.GetProperty("total").GetInt64() >= 2);
    }

    [Fact]
    public async Task Only_porteurs_and_gestionnaires_read_emails()
    {
        using var anonymous = host.CreateClient();
        using var instructeur = host.CreateClient("instructeur-1", Roles.Instructeur);

        using var withoutToken = await anonymous.GetAsync(Api.Emails, TestContext.Current.CancellationToken);
        using var wrongRole = await instructeur.GetAsync(Api.Emails, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
    }

    [Theory]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("status=lost", "status")]
    public async Task A_bad_query_is_a_400_naming_the_parameter(string query, string field)
    {
        using var gestionnaire = host.CreateClient("gestionnaire-1", Roles.Gestionnaire);

        using var response = await gestionnaire.GetAsync($"{Api.Emails}?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    /// <summary>The porteur's e-mail as the list shows it, once it has <paramref name="status"/>.</summary>
    private async Task<JsonElement> RecordedAsync(string owner, string status)
    {
        using var porteur = host.CreateClient(owner, Roles.Porteur);
        var found = await Eventually.ReturnsAsync(async () =>
            (await porteur.GetItemsAsync(Api.Emails)).Where(e => e.GetProperty("status").GetString() == status)
                .Select(e => (object)e).FirstOrDefault(), TimeSpan.FromSeconds(30), $"the e-mail was not recorded as {status}");
        return (JsonElement)found;
    }

    /// <summary>An event, the subject its e-mail must have, and what its body must say.</summary>
    private static (IntegrationEvent Event, string Subject, string[] Says) Case(string name, Contact contact)
    {
        const string owner = "porteur-1";
        const string title = "Atelier partagé de la vallée";
        var candidature = Guid.CreateVersion7();
        var place = Guid.CreateVersion7();
        return name switch
        {
            "submitted" => (Events.Submitted(owner, contact),
                $"Votre candidature « {title} » a bien été déposée",
                ["Vague 3 — printemps 2027", "16 mars 2027 à 00h00", contact.OrganisationName]),
            "review-started" => (new CandidatureReviewStarted
            {
                CandidatureId = candidature, PlaceId = place, OwnerId = owner, Contact = contact, ProjectTitle = title,
            }, $"Votre candidature « {title} » est en cours d'instruction", ["L'instruction de votre candidature", "a commencé"]),
            "reopened" => (new CandidatureReopened
            {
                CandidatureId = candidature, PlaceId = place, OwnerId = owner, Contact = contact, ProjectTitle = title,
                Motivation = "Le plan de financement doit être revu.", DecidedBy = "instructeur-1",
            }, $"La décision sur votre candidature « {title} » est réexaminée",
                ["Le plan de financement doit être revu.", "de nouveau en cours d'instruction"]),
            "withdrawn" => (new CandidatureWithdrawn
            {
                CandidatureId = candidature, PlaceId = place, OwnerId = owner, Contact = contact, ProjectTitle = title,
            }, $"Votre candidature « {title} » est retirée", ["a bien été retirée", contact.OrganisationName]),
            "award-refused" => (new GrantAwardRefused
            {
                CandidatureId = candidature, PlaceId = place, OwnerId = owner, Contact = contact, ProjectTitle = title,
                Reason = "L'enveloppe du programme est épuisée.", Acceptance = 5,
            }, $"La subvention de votre candidature « {title} » n'a pas pu être attribuée",
                ["L'enveloppe du programme est épuisée.", "retourne en instruction"]),
            "cancelled" => (new GrantCancelled
            {
                GrantId = Guid.CreateVersion7(), CandidatureId = candidature, PlaceId = place, OwnerId = owner, Contact = contact,
                Motivation = "Le lieu a fermé.", ReturnedToEnvelope = 100_000m, Cause = GrantCancellationCause.Gestionnaire,
            }, "Votre subvention de démarrage est annulée", ["Le lieu a fermé.", "100 000,00 €", "restent acquises"]),
            "returned" => (new CandidatureReturned
            {
                CandidatureId = candidature, PlaceId = place, OwnerId = owner, Contact = contact, ProjectTitle = title,
                Motivation = "Joignez le budget prévisionnel sur trois ans.",
            }, $"Des corrections sont demandées sur votre candidature « {title} »",
                ["Joignez le budget prévisionnel sur trois ans.", "déposez-la de nouveau"]),
            "accepted" => (new CandidatureAccepted
            {
                CandidatureId = candidature, PlaceId = place, OwnerId = owner, Contact = contact, ProjectTitle = title,
                WaveId = Guid.CreateVersion7(), Territory = TerritoryKind.Qpv, QpvCode = "QN00401M", Digital = false,
                AmountPerYear = 50_000m, DurationYears = 3, DepartmentCode = "04",
                Motivation = "Projet solide, ancré dans le quartier.", Score = 17.5m,
            }, $"Votre candidature « {title} » est retenue", ["Projet solide, ancré dans le quartier.", "au titre du programme Fabriques de Territoire"]),
            "rejected" => (Events.Rejected(owner, contact, "Le budget dépasse le plafond annuel de 50 000 €."),
                $"Votre candidature « {title} » n'est pas retenue", ["Le budget dépasse le plafond annuel de 50 000 €."]),
            "dismissed" => (new CandidatureDismissed
            {
                CandidatureId = candidature, PlaceId = place, OwnerId = owner, Contact = contact, ProjectTitle = title,
                Motivation = "Le porteur a cessé son activité.",
            }, $"Votre candidature « {title} » est classée sans suite", ["Le porteur a cessé son activité."]),
            "awarded" => (Events.Awarded(owner, contact),
                "Subvention de démarrage accordée : 250 000,00 €",
                ["Année 1", "150 000,00 €", "15 janvier 2027", "Année 3", "50 000,00 €", "15 janvier 2029",
                    "bonus « Fabrique numérique de territoire » compris"]),
            "paid" => (new InstalmentPaid
            {
                GrantId = Guid.CreateVersion7(), CandidatureId = candidature, OwnerId = owner, Contact = contact,
                Year = 2, Amount = 50_000m, PaidOn = new DateOnly(2028, 1, 20), Reference = "DGFIP-2028-000123",
            }, "Versement de l'année 2 de votre subvention : 50 000,00 €", ["20 janvier 2028", "DGFIP-2028-000123"]),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    /// <summary>French typography puts narrow no-break spaces in amounts: compare them as plain spaces.</summary>
    private static string Plain(string? text) => (text ?? "").Replace('\u202F', ' ').Replace('\u00A0', ' ');
}

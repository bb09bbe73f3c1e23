using System.Text.Json;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Feed;
using Fabriques.Notification.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Notification.Tests.Retention;

public sealed class RetentionJanitorTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    [Fact]
    public async Task Feed_events_deliveries_and_emails_past_their_retention_are_purged_and_recent_ones_kept()
    {
        var now = DateTimeOffset.UtcNow;
        var old = now.AddDays(-401);
        var bodiesExpired = now.AddDays(-91);
        var oldEvent = FeedRow(old);
        var recentEvent = FeedRow(now);
        var subscription = Subscription.Create("partner-retention", new Uri("https://partner.example.org/hook"), ["fr.anct.fabriques.place.registered"], null, "protected-secret", old);
        var oldDelivery = Delivery.Schedule(subscription.Id, oldEvent.EventId, oldEvent.Type, "{}", old);
        var recentDelivery = Delivery.Schedule(subscription.Id, recentEvent.EventId, recentEvent.Type, "{}", now);
        var oldEmail = SentEmail(old);
        var agedEmail = SentEmail(bodiesExpired);
        var recentEmail = SentEmail(now);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
            db.AddRange(oldEvent, recentEvent, subscription, oldDelivery, recentDelivery, oldEmail, agedEmail, recentEmail);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var touched = await host.Services.GetRequiredService<RetentionJanitor>().PurgeAsync(TestContext.Current.CancellationToken);

        Assert.True(touched >= 4);
        await using var check = host.Services.CreateAsyncScope();
        var after = check.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var ct = TestContext.Current.CancellationToken;
        Assert.False(await after.FeedEvents.AnyAsync(e => e.EventId == oldEvent.EventId, ct));
        Assert.True(await after.FeedEvents.AnyAsync(e => e.EventId == recentEvent.EventId, ct));
        Assert.False(await after.Deliveries.AnyAsync(d => d.Id == oldDelivery.Id, ct));
        Assert.True(await after.Deliveries.AnyAsync(d => d.Id == recentDelivery.Id, ct));
        Assert.False(await after.Emails.AnyAsync(e => e.Id == oldEmail.Id, ct));
        var aged = await after.Emails.AsNoTracking().SingleAsync(e => e.Id == agedEmail.Id, ct);
        Assert.Equal(("", ""), (aged.HtmlBody, aged.TextBody));
        Assert.Equal(agedEmail.Subject, aged.Subject);
        var recent = await after.Emails.AsNoTracking().SingleAsync(e => e.Id == recentEmail.Id, ct);
        Assert.Equal(recentEmail.TextBody, recent.TextBody);
    }

    private static FeedEvent FeedRow(DateTimeOffset receivedAt) => new()
    {
        EventId = Guid.CreateVersion7(),
        Type = "fr.anct.fabriques.place.registered",
        Source = "/fabriques/directory",
        Subject = Guid.CreateVersion7().ToString(),
        Time = receivedAt,
        Data = JsonSerializer.Serialize(new { placeId = Guid.CreateVersion7() }),
        ReceivedAt = receivedAt,
    };

    private static Email SentEmail(DateTimeOffset createdAt)
    {
        var draft = new EmailDraft("decision", "porteur-retention",
            new Contracts.Contact("La Ruche", "Camille Martin", "camille@example.org"), new Dictionary<string, object?>());
        var email = Email.Write(Guid.CreateVersion7(), "fr.anct.fabriques.candidature.rejected", draft,
            new RenderedEmail("Décision sur votre candidature", "<p>Motif : budget incomplet</p>", "Motif : budget incomplet"), createdAt,
            traceParent: null, correlationId: null);
        email.Sent(createdAt);
        return email;
    }
}

using System.Text.Json;
using Fabriques.Messaging;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Feed;
using Fabriques.ServiceDefaults;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fabriques.Notification.Data;

/// <summary>The service's database; it also keeps the Data Protection keys that protect webhook secrets.</summary>
public sealed class NotificationDbContext(DbContextOptions<NotificationDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<FeedEvent> FeedEvents => Set<FeedEvent>();
    public DbSet<Email> Emails => Set<Email>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<DeliveryAttempt> DeliveryAttempts => Set<DeliveryAttempt>();
    public DbSet<BrokerAccount> BrokerAccounts => Set<BrokerAccount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.Entity<FeedEvent>(feed =>
        {
            feed.HasKey(e => e.Position);
            feed.Property(e => e.Position).UseIdentityAlwaysColumn();
            feed.HasIndex(e => e.EventId).IsUnique();
            // The retention janitor's query.
            feed.HasIndex(e => e.ReceivedAt);
            // The partners' exchange relay's query: what is still to publish. Partial, so it stays small.
            feed.HasIndex(e => e.Position).HasDatabaseName("ix_feed_events_unpublished").HasFilter("published_to_broker_at IS NULL");
            feed.Property(e => e.Type).HasMaxLength(200);
            feed.Property(e => e.Source).HasMaxLength(200);
            feed.Property(e => e.Subject).HasMaxLength(100);
            // json, not jsonb: partners get the event exactly as it was serialised.
            feed.Property(e => e.Data).HasColumnType("json");
        });

        modelBuilder.Entity<Email>(email =>
        {
            email.Property(e => e.Id).ValueGeneratedNever();
            // The guarantee that an event never sends the same e-mail twice, whatever is redelivered.
            email.HasIndex(e => new { e.EventId, e.Template }).IsUnique();
            email.Property(e => e.EventType).HasMaxLength(200);
            email.Property(e => e.Template).HasMaxLength(100);
            email.Property(e => e.OwnerId).HasMaxLength(200);
            email.Property(e => e.To).HasMaxLength(320);
            email.Property(e => e.RecipientName).HasMaxLength(300);
            email.Property(e => e.Subject).HasMaxLength(500);
            email.Property(e => e.LastError).HasMaxLength(2000);
            email.Property(e => e.TraceParent).HasMaxLength(100);
            email.Property(e => e.CorrelationId).HasMaxLength(CorrelationId.MaxLength);
            AsWords(email.Property(e => e.Status));
            // The sender's query: pending e-mails by due time. Partial, so it stays small whatever the history.
            email.HasIndex(e => e.NextAttemptAt).HasDatabaseName("ix_emails_due").HasFilter("status = 'pending'");
            email.HasIndex(e => new { e.OwnerId, e.CreatedAt });
            email.HasIndex(e => e.CreatedAt);
        });

        modelBuilder.Entity<Subscription>(subscription =>
        {
            subscription.ToTable("webhook_subscriptions");
            subscription.Property(s => s.Id).ValueGeneratedNever();
            subscription.Property(s => s.OwnerId).HasMaxLength(200);
            subscription.Property(s => s.Url).HasMaxLength(WebhookTargets.MaxUrlLength);
            subscription.Property(s => s.Description).HasMaxLength(Subscription.MaxDescriptionLength);
            // A protected secret is a Data Protection payload (about 200 characters for the 50 of the secret).
            subscription.Property(s => s.ProtectedSecret).HasMaxLength(1000);
            subscription.Property(s => s.PreviousProtectedSecret).HasMaxLength(1000);
            AsWords(subscription.Property(s => s.Status));
            subscription.HasIndex(s => s.OwnerId);
        });

        modelBuilder.Entity<Delivery>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.Property(d => d.Id).ValueGeneratedNever();
            delivery.HasOne<Subscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
            // One delivery per event and subscription: a redelivered event schedules nothing more.
            delivery.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
            delivery.Property(d => d.EventType).HasMaxLength(200);
            // json, not jsonb: the body is signed, so it must be sent byte for byte as written.
            delivery.Property(d => d.Payload).HasColumnType("json");
            AsWords(delivery.Property(d => d.Status));
            delivery.HasIndex(d => d.NextAttemptAt).HasDatabaseName("ix_webhook_deliveries_due").HasFilter("status = 'pending'");
            delivery.HasIndex(d => d.CreatedAt);
        });

        modelBuilder.Entity<DeliveryAttempt>(attempt =>
        {
            attempt.ToTable("webhook_delivery_attempts");
            attempt.Property(a => a.Id).ValueGeneratedNever();
            attempt.HasOne<Delivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            attempt.HasIndex(a => new { a.DeliveryId, a.Attempt }).IsUnique();
            attempt.Property(a => a.Error).HasMaxLength(500);
            AsWords(attempt.Property(a => a.Status));
        });

        modelBuilder.Entity<BrokerAccount>(account =>
        {
            account.ToTable("partner_broker_accounts");
            account.Property(a => a.Id).ValueGeneratedNever();
            account.Property(a => a.Name).HasMaxLength(BrokerAccount.MaxNameLength);
            account.Property(a => a.Username).HasMaxLength(BrokerAccount.MaxUsernameLength);
            account.HasIndex(a => a.Username).IsUnique();
            account.Property(a => a.CreatedBy).HasMaxLength(200);
        });
    }

    /// <summary>Statuses are stored as the words the API shows (<c>pending</c>, <c>timed-out</c>…), readable in SQL.</summary>
    private static void AsWords<TEnum>(PropertyBuilder<TEnum> property) where TEnum : struct, Enum =>
        property.HasConversion(
                s => JsonNamingPolicy.KebabCaseLower.ConvertName(s.ToString()),
                s => Enum.Parse<TEnum>(s.Replace("-", "", StringComparison.Ordinal), true))
            .HasMaxLength(20);
}

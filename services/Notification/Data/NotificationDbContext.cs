using Fabriques.Messaging;
using Fabriques.Notification.Feed;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Data;

public sealed class NotificationDbContext(DbContextOptions<NotificationDbContext> options) : DbContext(options)
{
    public DbSet<FeedEvent> FeedEvents => Set<FeedEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.Entity<FeedEvent>(feed =>
        {
            feed.HasKey(e => e.Position);
            feed.Property(e => e.Position).UseIdentityAlwaysColumn();
            feed.HasIndex(e => e.EventId).IsUnique();
            feed.Property(e => e.Type).HasMaxLength(200);
            feed.Property(e => e.Source).HasMaxLength(200);
            feed.Property(e => e.Subject).HasMaxLength(100);
            // json, not jsonb: partners get the event exactly as it was serialised.
            feed.Property(e => e.Data).HasColumnType("json");
        });
    }
}

using Fabriques.Messaging.Idempotency;
using Fabriques.Messaging.Inbox;
using Fabriques.Messaging.Maintenance;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Messaging;

/// <summary>The outbox, inbox, idempotency and janitor tables, in schema <c>messaging</c> of each service's own database.</summary>
public static class MessagingModel
{
    public const string Schema = "messaging";
    public const string OutboxTable = "outbox_messages";
    public const string InboxTable = "inbox_messages";
    public const string IdempotencyTable = "idempotency_keys";
    public const string MaintenanceTable = "maintenance_ticks";

    /// <summary>The W3C limit of a <c>tracestate</c>, and the column's length.</summary>
    public const int TraceStateMaxLength = 512;

    public static ModelBuilder AddMessagingTables(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(OutboxTable, Schema);
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            outbox.Property(m => m.EventId).HasColumnName("event_id");
            outbox.Property(m => m.Type).HasColumnName("type").HasMaxLength(200);
            outbox.Property(m => m.AggregateId).HasColumnName("aggregate_id");
            outbox.Property(m => m.Payload).HasColumnName("payload").HasColumnType("jsonb");
            outbox.Property(m => m.OccurredAt).HasColumnName("occurred_at");
            outbox.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(100);
            outbox.Property(m => m.TraceState).HasColumnName("trace_state").HasMaxLength(TraceStateMaxLength);
            outbox.Property(m => m.CorrelationId).HasColumnName("correlation_id").HasMaxLength(CorrelationId.MaxLength);
            outbox.Property(m => m.CreatedAt).HasColumnName("created_at");
            outbox.Property(m => m.SentAt).HasColumnName("sent_at");
            outbox.Property(m => m.Attempts).HasColumnName("attempts");
            outbox.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(2000);
            outbox.HasIndex(m => m.EventId).IsUnique();
            // The relay's query: pending rows in order. Partial, so it stays small whatever the history.
            outbox.HasIndex(m => m.Id).HasDatabaseName("ix_outbox_messages_pending").HasFilter("sent_at IS NULL");
            outbox.HasIndex(m => m.SentAt).HasDatabaseName("ix_outbox_messages_sent_at");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable(InboxTable, Schema);
            inbox.HasKey(m => new { m.EventId, m.Consumer });
            inbox.Property(m => m.EventId).HasColumnName("event_id");
            inbox.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(200);
            inbox.Property(m => m.ProcessedAt).HasColumnName("processed_at");
            inbox.HasIndex(m => m.ProcessedAt);
        });

        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable(IdempotencyTable, Schema);
            record.HasKey(r => new { r.Subject, r.Method, r.Path, r.Key });
            record.Property(r => r.Subject).HasColumnName("subject").HasMaxLength(200);
            record.Property(r => r.Method).HasColumnName("method").HasMaxLength(16);
            record.Property(r => r.Path).HasColumnName("path").HasMaxLength(1000);
            record.Property(r => r.Key).HasColumnName("key").HasMaxLength(IdempotencyMiddleware.MaxKeyLength);
            record.Property(r => r.RequestHash).HasColumnName("request_hash");
            record.Property(r => r.CreatedAt).HasColumnName("created_at");
            record.Property(r => r.CompletedAt).HasColumnName("completed_at");
            record.Property(r => r.StatusCode).HasColumnName("status_code");
            record.Property(r => r.Location).HasColumnName("location").HasMaxLength(2000);
            record.Property(r => r.ETag).HasColumnName("etag").HasMaxLength(200);
            record.Property(r => r.ContentType).HasColumnName("content_type").HasMaxLength(200);
            record.Property(r => r.Body).HasColumnName("body");
            record.HasIndex(r => r.CreatedAt);
        });

        modelBuilder.Entity<MaintenanceTick>(tick =>
        {
            tick.ToTable(MaintenanceTable, Schema);
            tick.HasKey(t => t.Tick);
            tick.Property(t => t.Tick).HasColumnName("tick");
            tick.Property(t => t.RanAt).HasColumnName("ran_at");
            tick.Property(t => t.Runner).HasColumnName("runner").HasMaxLength(200);
        });
        return modelBuilder;
    }
}

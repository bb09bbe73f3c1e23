using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fabriques.Notification.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue16PartnerProjection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_created_at",
                table: "webhook_deliveries",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_feed_events_received_at",
                table: "feed_events",
                column: "received_at");

            // Events stored before the partner projection carried personal data: strip it from the feed and from
            // the webhook bodies not yet delivered (the partner payloads never had these fields).
            migrationBuilder.Sql("""
                UPDATE feed_events
                SET data = (data::jsonb - ARRAY['ownerId', 'contact', 'motivation', 'decidedBy', 'score', 'reason', 'projectTitle'])::json
                WHERE data::jsonb ?| ARRAY['ownerId', 'contact', 'motivation', 'decidedBy', 'score', 'reason', 'projectTitle'];

                UPDATE webhook_deliveries
                SET payload = jsonb_set(payload::jsonb, '{data}',
                    (payload::jsonb -> 'data') - ARRAY['ownerId', 'contact', 'motivation', 'decidedBy', 'score', 'reason', 'projectTitle'])::json
                WHERE payload::jsonb -> 'data' ?| ARRAY['ownerId', 'contact', 'motivation', 'decidedBy', 'score', 'reason', 'projectTitle'];
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_deliveries_created_at",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_feed_events_received_at",
                table: "feed_events");
        }
    }
}

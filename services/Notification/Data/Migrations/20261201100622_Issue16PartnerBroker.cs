using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fabriques.Notification.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue16PartnerBroker : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "published_to_broker_at",
                table: "feed_events",
                type: "timestamp with time zone",
                nullable: true);

            // Events from before the partners' exchange existed: no partner could have bound a queue to receive them.
            migrationBuilder.Sql("UPDATE feed_events SET published_to_broker_at = received_at");

            migrationBuilder.CreateTable(
                name: "partner_broker_accounts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    username = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_broker_accounts", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_feed_events_unpublished",
                table: "feed_events",
                column: "position",
                filter: "published_to_broker_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_partner_broker_accounts_username",
                table: "partner_broker_accounts",
                column: "username",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "partner_broker_accounts");

            migrationBuilder.DropIndex(
                name: "ix_feed_events_unpublished",
                table: "feed_events");

            migrationBuilder.DropColumn(
                name: "published_to_broker_at",
                table: "feed_events");
        }
    }
}

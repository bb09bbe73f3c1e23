using Fabriques.Messaging.Database;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fabriques.Grants.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue21TraceColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "correlation_id",
                schema: "messaging",
                table: "outbox_messages",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.MoveCorrelationIdOutOfTraceState();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "correlation_id",
                schema: "messaging",
                table: "outbox_messages");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fabriques.Notification.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue19MaintenanceTicks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "maintenance_ticks",
                schema: "messaging",
                columns: table => new
                {
                    tick = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ran_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    runner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_maintenance_ticks", x => x.tick);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "maintenance_ticks",
                schema: "messaging");
        }
    }
}

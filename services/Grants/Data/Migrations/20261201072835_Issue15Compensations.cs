using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fabriques.Grants.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue15Compensations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_grants_candidature_id",
                table: "grants");

            migrationBuilder.AddColumn<int>(
                name: "acceptance",
                table: "grants",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "origin",
                table: "grants",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Candidature");

            migrationBuilder.CreateTable(
                name: "candidature_standings",
                columns: table => new
                {
                    candidature_id = table.Column<Guid>(type: "uuid", nullable: false),
                    place_id = table.Column<Guid>(type: "uuid", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    refused_acceptance = table.Column<int>(type: "integer", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_candidature_standings", x => x.candidature_id);
                });

            migrationBuilder.CreateTable(
                name: "place_labels",
                columns: table => new
                {
                    place_id = table.Column<Guid>(type: "uuid", nullable: false),
                    grant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    label = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    held = table.Column<bool>(type: "boolean", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_place_labels", x => new { x.place_id, x.grant_id, x.label });
                });

            migrationBuilder.CreateIndex(
                name: "ix_grants_candidature_id_acceptance",
                table: "grants",
                columns: new[] { "candidature_id", "acceptance" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_grants_candidature_id_held",
                table: "grants",
                column: "candidature_id",
                unique: true,
                filter: "state <> 'Cancelled' AND origin = 'Candidature'");

            migrationBuilder.CreateIndex(
                name: "ix_grants_place_id",
                table: "grants",
                column: "place_id");

            // Grants awarded before this migration hold for an acceptance whose step was not numbered (0): their
            // candidatures are known accepted, so the next step announced (a reopening) releases them.
            migrationBuilder.Sql("""
                INSERT INTO candidature_standings (candidature_id, place_id, state, sequence, updated_at)
                SELECT candidature_id, place_id, 'Accepted', 0, now() FROM grants WHERE state <> 'Cancelled'
                ON CONFLICT DO NOTHING
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "candidature_standings");

            migrationBuilder.DropTable(
                name: "place_labels");

            migrationBuilder.DropIndex(
                name: "ix_grants_candidature_id_acceptance",
                table: "grants");

            migrationBuilder.DropIndex(
                name: "ix_grants_candidature_id_held",
                table: "grants");

            migrationBuilder.DropIndex(
                name: "ix_grants_place_id",
                table: "grants");

            migrationBuilder.DropColumn(
                name: "acceptance",
                table: "grants");

            migrationBuilder.DropColumn(
                name: "origin",
                table: "grants");

            migrationBuilder.CreateIndex(
                name: "ix_grants_candidature_id",
                table: "grants",
                column: "candidature_id",
                unique: true);
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fabriques.Candidature.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue15GrantStanding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "grants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    candidature_id = table.Column<Guid>(type: "uuid", nullable: true),
                    place_id = table.Column<Guid>(type: "uuid", nullable: false),
                    acceptance = table.Column<int>(type: "integer", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    instalment_paid = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grants", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_grants_candidature_id",
                table: "grants",
                column: "candidature_id");

            migrationBuilder.CreateIndex(
                name: "ix_grants_place_id",
                table: "grants",
                column: "place_id");

            // A paid instalment kept the decision final: its grant's id was never stored, so a stand-in row keeps the rule
            // until the grant's own events arrive (a cancellation of the real grant then wins, see KnownGrant.CurrentOf).
            migrationBuilder.Sql("""
                INSERT INTO grants (id, candidature_id, place_id, acceptance, state, instalment_paid)
                SELECT gen_random_uuid(), id, place_id, 0, 'active', true FROM candidatures WHERE instalment_paid
                """);

            migrationBuilder.DropColumn(
                name: "instalment_paid",
                table: "candidatures");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "grants");

            migrationBuilder.AddColumn<bool>(
                name: "instalment_paid",
                table: "candidatures",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }
    }
}

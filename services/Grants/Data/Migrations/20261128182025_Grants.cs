using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fabriques.Grants.Data.Migrations
{
    /// <inheritdoc />
    public partial class Grants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "grants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    candidature_id = table.Column<Guid>(type: "uuid", nullable: false),
                    place_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<string>(type: "text", nullable: false),
                    organisation_name = table.Column<string>(type: "text", nullable: false),
                    contact_name = table.Column<string>(type: "text", nullable: false),
                    contact_email = table.Column<string>(type: "text", nullable: false),
                    project_title = table.Column<string>(type: "text", nullable: false),
                    territory = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    qpv_code = table.Column<string>(type: "text", nullable: true),
                    digital = table.Column<bool>(type: "boolean", nullable: false),
                    department_code = table.Column<string>(type: "text", nullable: false),
                    amount_per_year = table.Column<decimal>(type: "numeric", nullable: false),
                    duration_years = table.Column<int>(type: "integer", nullable: false),
                    digital_bonus = table.Column<decimal>(type: "numeric", nullable: false),
                    total = table.Column<decimal>(type: "numeric", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    awarded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancelled_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    cancellation_motivation = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "programmes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    envelope = table.Column<decimal>(type: "numeric", nullable: false),
                    qpv_target = table.Column<int>(type: "integer", nullable: false),
                    digital_target = table.Column<int>(type: "integer", nullable: false),
                    outside_large_urban_centres_target = table.Column<int>(type: "integer", nullable: false),
                    max_per_year = table.Column<decimal>(type: "numeric", nullable: false),
                    min_total = table.Column<decimal>(type: "numeric", nullable: false),
                    max_total = table.Column<decimal>(type: "numeric", nullable: false),
                    digital_bonus = table.Column<decimal>(type: "numeric", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_programmes", x => x.id);
                    table.CheckConstraint("ck_programmes_single", "id = 1");
                });

            migrationBuilder.CreateTable(
                name: "instalments",
                columns: table => new
                {
                    grant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: false),
                    due_on = table.Column<DateOnly>(type: "date", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    committed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    committed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    payment_reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    paid_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    paid_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_instalments", x => new { x.grant_id, x.year });
                    table.ForeignKey(
                        name: "fk_instalments_grants_grant_id",
                        column: x => x.grant_id,
                        principalTable: "grants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    grant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: false),
                    instalment_year = table.Column<int>(type: "integer", nullable: true),
                    actor = table.Column<string>(type: "text", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_entries", x => x.id);
                    table.CheckConstraint("ck_ledger_entries_amount", "amount >= 0");
                    table.ForeignKey(
                        name: "fk_ledger_entries_grants_grant_id",
                        column: x => x.grant_id,
                        principalTable: "grants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "programmes",
                columns: new[] { "id", "digital_bonus", "digital_target", "envelope", "max_per_year", "max_total", "min_total", "outside_large_urban_centres_target", "qpv_target", "updated_at", "updated_by" },
                values: new object[] { 1, 100000m, 30, 45000000m, 50000m, 150000m, 75000m, 150, 150, null, null });

            migrationBuilder.CreateIndex(
                name: "ix_grants_candidature_id",
                table: "grants",
                column: "candidature_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_grants_owner_id",
                table: "grants",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_grants_state_department_code",
                table: "grants",
                columns: new[] { "state", "department_code" });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_grant_id",
                table: "ledger_entries",
                column: "grant_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "instalments");

            migrationBuilder.DropTable(
                name: "ledger_entries");

            migrationBuilder.DropTable(
                name: "programmes");

            migrationBuilder.DropTable(
                name: "grants");
        }
    }
}

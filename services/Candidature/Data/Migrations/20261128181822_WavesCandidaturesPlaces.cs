using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Fabriques.Candidature.Data.Migrations
{
    /// <inheritdoc />
    public partial class WavesCandidaturesPlaces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "candidatures",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    wave_id = table.Column<Guid>(type: "uuid", nullable: true),
                    place_id = table.Column<Guid>(type: "uuid", nullable: false),
                    digital = table.Column<bool>(type: "boolean", nullable: false),
                    score = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    instalment_paid = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    applicant_contact_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    applicant_contact_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    applicant_legal_status = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    applicant_organisation_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    applicant_pivot = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    funding_amount_per_year = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    funding_duration_years = table.Column<int>(type: "integer", nullable: false),
                    project_jobs_fte = table.Column<decimal>(type: "numeric(8,2)", precision: 8, scale: 2, nullable: false),
                    project_partners = table.Column<string[]>(type: "text[]", nullable: false),
                    project_services = table.Column<string[]>(type: "text[]", nullable: false),
                    project_summary = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    project_title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    territory_kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    territory_qpv_code = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_candidatures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "places",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    department_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    owner_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    archived = table.Column<bool>(type: "boolean", nullable: false),
                    as_of = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_places", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "waves",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    opens_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    max_laureates = table.Column<int>(type: "integer", nullable: false),
                    laureates = table.Column<int>(type: "integer", nullable: false),
                    opening_announced = table.Column<bool>(type: "boolean", nullable: false),
                    closing_announced = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_waves", x => x.id);
                    table.CheckConstraint("ck_waves_laureates", "max_laureates > 0 AND laureates BETWEEN 0 AND max_laureates");
                    table.CheckConstraint("ck_waves_period", "deadline > opens_at");
                });

            // Waves may not overlap, even when two are created at once: their [opens_at, deadline) periods exclude each other.
            migrationBuilder.Sql($"""
                ALTER TABLE waves ADD CONSTRAINT {CandidatureDbContext.WavesDoNotOverlap}
                    EXCLUDE USING gist (tstzrange(opens_at, deadline, '[)') WITH &&);
                """);

            migrationBuilder.CreateTable(
                name: "candidature_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    from = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    to = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    motivation = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    candidature_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_candidature_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_candidature_history_candidatures_candidature_id",
                        column: x => x.candidature_id,
                        principalTable: "candidatures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_candidature_history_candidature_id",
                table: "candidature_history",
                column: "candidature_id");

            migrationBuilder.CreateIndex(
                name: "ix_candidatures_owner_id",
                table: "candidatures",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_candidatures_place_id",
                table: "candidatures",
                column: "place_id");

            migrationBuilder.CreateIndex(
                name: "ix_candidatures_state_wave_id",
                table: "candidatures",
                columns: new[] { "state", "wave_id" });

            migrationBuilder.CreateIndex(
                name: "ux_candidatures_active_place_in_wave",
                table: "candidatures",
                columns: new[] { "wave_id", "place_id" },
                unique: true,
                filter: "state IN ('submitted', 'returned', 'under-review', 'accepted')");

            migrationBuilder.CreateIndex(
                name: "ix_places_department_code",
                table: "places",
                column: "department_code");

            migrationBuilder.CreateIndex(
                name: "ix_waves_opens_at",
                table: "waves",
                column: "opens_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "candidature_history");

            migrationBuilder.DropTable(
                name: "places");

            migrationBuilder.DropTable(
                name: "waves");

            migrationBuilder.DropTable(
                name: "candidatures");
        }
    }
}

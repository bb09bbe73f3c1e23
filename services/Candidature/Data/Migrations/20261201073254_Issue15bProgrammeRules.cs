using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fabriques.Candidature.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue15bProgrammeRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "pivot",
                table: "places",
                type: "character varying(14)",
                maxLength: 14,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "programme_rules",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    max_per_year = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    min_total = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    max_total = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    durations = table.Column<int[]>(type: "integer[]", nullable: false),
                    qpv_target = table.Column<int>(type: "integer", nullable: false),
                    digital_target = table.Column<int>(type: "integer", nullable: false),
                    outside_large_urban_centres_target = table.Column<int>(type: "integer", nullable: false),
                    as_of = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_programme_rules", x => x.id);
                    table.CheckConstraint("ck_programme_rules_single", "id = 1");
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "programme_rules");

            migrationBuilder.DropColumn(
                name: "pivot",
                table: "places");
        }
    }
}

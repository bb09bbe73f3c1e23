using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fabriques.Candidature.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue18RegionalInstruction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "required_documents",
                table: "waves",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<string>(
                name: "region_code",
                table: "places",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "assigned_to",
                table: "candidatures",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "assigned_to",
                table: "candidature_history",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "candidature_documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    candidature_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    uploaded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_candidature_documents", x => x.id);
                    table.CheckConstraint("ck_candidature_documents_size", "size BETWEEN 1 AND 10485760");
                    table.ForeignKey(
                        name: "fk_candidature_documents_candidatures_candidature_id",
                        column: x => x.candidature_id,
                        principalTable: "candidatures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "candidature_opinions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    candidature_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    verdict = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    comment = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    given_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    scores_digital_inclusion = table.Column<int>(type: "integer", nullable: false),
                    scores_economic_model = table.Column<int>(type: "integer", nullable: false),
                    scores_governance = table.Column<int>(type: "integer", nullable: false),
                    scores_partnerships = table.Column<int>(type: "integer", nullable: false),
                    scores_services = table.Column<int>(type: "integer", nullable: false),
                    scores_territorial_need = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_candidature_opinions", x => x.id);
                    table.CheckConstraint("ck_candidature_opinions_scores", "scores_governance BETWEEN 0 AND 5 AND scores_partnerships BETWEEN 0 AND 5 AND scores_territorial_need BETWEEN 0 AND 5 AND scores_economic_model BETWEEN 0 AND 5 AND scores_services BETWEEN 0 AND 5 AND scores_digital_inclusion BETWEEN 0 AND 5");
                    table.ForeignKey(
                        name: "fk_candidature_opinions_candidatures_candidature_id",
                        column: x => x.candidature_id,
                        principalTable: "candidatures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "candidature_document_contents",
                columns: table => new
                {
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_candidature_document_contents", x => x.document_id);
                    table.ForeignKey(
                        name: "fk_candidature_document_contents_candidature_documents_documen",
                        column: x => x.document_id,
                        principalTable: "candidature_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Places projected before events were read for their région: the région of their département, as the
            // directory's reference data (shared/data/referentiels/regions.json) has it; their next event confirms it.
            migrationBuilder.Sql("""
                UPDATE places SET region_code = CASE department_code
                    WHEN '01' THEN '84'
                    WHEN '02' THEN '32'
                    WHEN '03' THEN '84'
                    WHEN '04' THEN '93'
                    WHEN '05' THEN '93'
                    WHEN '06' THEN '93'
                    WHEN '07' THEN '84'
                    WHEN '08' THEN '44'
                    WHEN '09' THEN '76'
                    WHEN '10' THEN '44'
                    WHEN '11' THEN '76'
                    WHEN '12' THEN '76'
                    WHEN '13' THEN '93'
                    WHEN '14' THEN '28'
                    WHEN '15' THEN '84'
                    WHEN '16' THEN '75'
                    WHEN '17' THEN '75'
                    WHEN '18' THEN '24'
                    WHEN '19' THEN '75'
                    WHEN '21' THEN '27'
                    WHEN '22' THEN '53'
                    WHEN '23' THEN '75'
                    WHEN '24' THEN '75'
                    WHEN '25' THEN '27'
                    WHEN '26' THEN '84'
                    WHEN '27' THEN '28'
                    WHEN '28' THEN '24'
                    WHEN '29' THEN '53'
                    WHEN '2A' THEN '94'
                    WHEN '2B' THEN '94'
                    WHEN '30' THEN '76'
                    WHEN '31' THEN '76'
                    WHEN '32' THEN '76'
                    WHEN '33' THEN '75'
                    WHEN '34' THEN '76'
                    WHEN '35' THEN '53'
                    WHEN '36' THEN '24'
                    WHEN '37' THEN '24'
                    WHEN '38' THEN '84'
                    WHEN '39' THEN '27'
                    WHEN '40' THEN '75'
                    WHEN '41' THEN '24'
                    WHEN '42' THEN '84'
                    WHEN '43' THEN '84'
                    WHEN '44' THEN '52'
                    WHEN '45' THEN '24'
                    WHEN '46' THEN '76'
                    WHEN '47' THEN '75'
                    WHEN '48' THEN '76'
                    WHEN '49' THEN '52'
                    WHEN '50' THEN '28'
                    WHEN '51' THEN '44'
                    WHEN '52' THEN '44'
                    WHEN '53' THEN '52'
                    WHEN '54' THEN '44'
                    WHEN '55' THEN '44'
                    WHEN '56' THEN '53'
                    WHEN '57' THEN '44'
                    WHEN '58' THEN '27'
                    WHEN '59' THEN '32'
                    WHEN '60' THEN '32'
                    WHEN '61' THEN '28'
                    WHEN '62' THEN '32'
                    WHEN '63' THEN '84'
                    WHEN '64' THEN '75'
                    WHEN '65' THEN '76'
                    WHEN '66' THEN '76'
                    WHEN '67' THEN '44'
                    WHEN '68' THEN '44'
                    WHEN '69' THEN '84'
                    WHEN '70' THEN '27'
                    WHEN '71' THEN '27'
                    WHEN '72' THEN '52'
                    WHEN '73' THEN '84'
                    WHEN '74' THEN '84'
                    WHEN '75' THEN '11'
                    WHEN '76' THEN '28'
                    WHEN '77' THEN '11'
                    WHEN '78' THEN '11'
                    WHEN '79' THEN '75'
                    WHEN '80' THEN '32'
                    WHEN '81' THEN '76'
                    WHEN '82' THEN '76'
                    WHEN '83' THEN '93'
                    WHEN '84' THEN '93'
                    WHEN '85' THEN '52'
                    WHEN '86' THEN '75'
                    WHEN '87' THEN '75'
                    WHEN '88' THEN '44'
                    WHEN '89' THEN '27'
                    WHEN '90' THEN '27'
                    WHEN '91' THEN '11'
                    WHEN '92' THEN '11'
                    WHEN '93' THEN '11'
                    WHEN '94' THEN '11'
                    WHEN '95' THEN '11'
                    WHEN '971' THEN '01'
                    WHEN '972' THEN '02'
                    WHEN '973' THEN '03'
                    WHEN '974' THEN '04'
                    WHEN '976' THEN '06'
                    WHEN '978' THEN '00'
                    ELSE '' END
                WHERE region_code = '';
                """);

            // PDFs, PNGs and JPEGs are compressed already: stored out of line as they are, without a second try.
            migrationBuilder.Sql("ALTER TABLE candidature_document_contents ALTER COLUMN content SET STORAGE EXTERNAL;");

            migrationBuilder.CreateIndex(
                name: "ix_places_region_code",
                table: "places",
                column: "region_code");

            migrationBuilder.CreateIndex(
                name: "ix_candidatures_assigned_to",
                table: "candidatures",
                column: "assigned_to");

            migrationBuilder.CreateIndex(
                name: "ix_candidature_documents_candidature_id_kind",
                table: "candidature_documents",
                columns: new[] { "candidature_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_candidature_opinions_candidature_id_given_at",
                table: "candidature_opinions",
                columns: new[] { "candidature_id", "given_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "candidature_document_contents");

            migrationBuilder.DropTable(
                name: "candidature_opinions");

            migrationBuilder.DropTable(
                name: "candidature_documents");

            migrationBuilder.DropIndex(
                name: "ix_places_region_code",
                table: "places");

            migrationBuilder.DropIndex(
                name: "ix_candidatures_assigned_to",
                table: "candidatures");

            migrationBuilder.DropColumn(
                name: "required_documents",
                table: "waves");

            migrationBuilder.DropColumn(
                name: "region_code",
                table: "places");

            migrationBuilder.DropColumn(
                name: "assigned_to",
                table: "candidatures");

            migrationBuilder.DropColumn(
                name: "assigned_to",
                table: "candidature_history");
        }
    }
}

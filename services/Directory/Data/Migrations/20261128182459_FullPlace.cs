using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fabriques.Directory.Data.Migrations
{
    /// <inheritdoc />
    public partial class FullPlace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "insee_code",
                table: "places",
                newName: "address_insee_code");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,");

            // unaccent() is only STABLE (its dictionary could change), so it cannot feed a stored column or an index:
            // this wrapper pins the dictionary and is IMMUTABLE. Queries normalise what they search with it too.
            migrationBuilder.Sql("""
                CREATE FUNCTION search_normalize(text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                RETURN public.unaccent('public.unaccent'::regdictionary, lower($1));
                """);

            migrationBuilder.AlterColumn<string>(
                name: "address_insee_code",
                table: "places",
                type: "character varying(5)",
                maxLength: 5,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(5)",
                oldMaxLength: 5);

            migrationBuilder.AddColumn<string>(
                name: "address_commune",
                table: "places",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "address_complement",
                table: "places",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "address_postal_code",
                table: "places",
                type: "character varying(5)",
                maxLength: 5,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "address_street",
                table: "places",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "archived_at",
                table: "places",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contact_email",
                table: "places",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contact_phone",
                table: "places",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contact_website",
                table: "places",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "description",
                table: "places",
                type: "character varying(10000)",
                maxLength: 10000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "places",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string[]>(
                name: "kinds",
                table: "places",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<double>(
                name: "location_latitude",
                table: "places",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "location_longitude",
                table: "places",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pivot",
                table: "places",
                type: "character varying(14)",
                maxLength: 14,
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "roles",
                table: "places",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<string>(
                name: "territory_kind",
                table: "places",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "territory_qpv_code",
                table: "places",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "places",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.AddColumn<string>(
                name: "search_text",
                table: "places",
                type: "text",
                nullable: true,
                computedColumnSql: "search_normalize(name || ' ' || address_commune || ' ' || coalesce(description, ''))",
                stored: true);

            migrationBuilder.CreateTable(
                name: "place_labels",
                columns: table => new
                {
                    grant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    place_id = table.Column<Guid>(type: "uuid", nullable: false),
                    label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    since = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_place_labels", x => new { x.place_id, x.grant_id });
                    table.ForeignKey(
                        name: "fk_place_labels_places_place_id",
                        column: x => x.place_id,
                        principalTable: "places",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Places registered before this migration are known in the open-data standard by their id.
            migrationBuilder.Sql("UPDATE places SET external_id = id::text WHERE external_id = '';");

            migrationBuilder.CreateIndex(
                name: "ix_places_external_id",
                table: "places",
                column: "external_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_places_kinds",
                table: "places",
                column: "kinds")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_places_name_id",
                table: "places",
                columns: new[] { "name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_places_region_code",
                table: "places",
                column: "region_code");

            migrationBuilder.CreateIndex(
                name: "ix_places_search_text",
                table: "places",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_place_labels_label",
                table: "place_labels",
                column: "label");

            // Columns of complex types, which the model cannot index: the radius search's bounding box, the territory filter.
            migrationBuilder.Sql("CREATE INDEX ix_places_location ON places (location_latitude, location_longitude) WHERE location_latitude IS NOT NULL;");
            migrationBuilder.Sql("CREATE INDEX ix_places_territory_kind ON places (territory_kind);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "place_labels");

            migrationBuilder.DropIndex(
                name: "ix_places_external_id",
                table: "places");

            migrationBuilder.DropIndex(
                name: "ix_places_kinds",
                table: "places");

            migrationBuilder.DropIndex(
                name: "ix_places_name_id",
                table: "places");

            migrationBuilder.DropIndex(
                name: "ix_places_region_code",
                table: "places");

            migrationBuilder.DropIndex(
                name: "ix_places_search_text",
                table: "places");

            migrationBuilder.Sql("DROP INDEX ix_places_location;");
            migrationBuilder.Sql("DROP INDEX ix_places_territory_kind;");

            migrationBuilder.DropColumn(
                name: "search_text",
                table: "places");

            migrationBuilder.Sql("DROP FUNCTION search_normalize(text);");

            migrationBuilder.DropColumn(
                name: "address_commune",
                table: "places");

            migrationBuilder.DropColumn(
                name: "address_complement",
                table: "places");

            migrationBuilder.DropColumn(
                name: "address_postal_code",
                table: "places");

            migrationBuilder.DropColumn(
                name: "address_street",
                table: "places");

            migrationBuilder.DropColumn(
                name: "archived_at",
                table: "places");

            migrationBuilder.DropColumn(
                name: "contact_email",
                table: "places");

            migrationBuilder.DropColumn(
                name: "contact_phone",
                table: "places");

            migrationBuilder.DropColumn(
                name: "contact_website",
                table: "places");

            migrationBuilder.DropColumn(
                name: "description",
                table: "places");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "places");

            migrationBuilder.DropColumn(
                name: "kinds",
                table: "places");

            migrationBuilder.DropColumn(
                name: "location_latitude",
                table: "places");

            migrationBuilder.DropColumn(
                name: "location_longitude",
                table: "places");

            migrationBuilder.DropColumn(
                name: "pivot",
                table: "places");

            migrationBuilder.DropColumn(
                name: "roles",
                table: "places");

            migrationBuilder.DropColumn(
                name: "territory_kind",
                table: "places");

            migrationBuilder.DropColumn(
                name: "territory_qpv_code",
                table: "places");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "places");

            migrationBuilder.RenameColumn(
                name: "address_insee_code",
                table: "places",
                newName: "insee_code");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");

            migrationBuilder.AlterColumn<string>(
                name: "insee_code",
                table: "places",
                type: "character varying(5)",
                maxLength: 5,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(5)",
                oldMaxLength: 5,
                oldNullable: true);
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Fabriques.Directory.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue15bLabels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_place_labels",
                table: "place_labels");

            migrationBuilder.AlterColumn<Guid>(
                name: "grant_id",
                table: "place_labels",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<long>(
                name: "id",
                table: "place_labels",
                type: "bigint",
                nullable: false)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn);

            migrationBuilder.AddPrimaryKey(
                name: "pk_place_labels",
                table: "place_labels",
                column: "id");

            migrationBuilder.CreateIndex(
                name: "ix_place_labels_place_id_grant_id_label",
                table: "place_labels",
                columns: new[] { "place_id", "grant_id", "label" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            // A Fabrique numérique is also a Fabrique de Territoire: its grant gives both labels.
            migrationBuilder.Sql("""
                INSERT INTO place_labels (place_id, grant_id, label, since)
                SELECT place_id, grant_id, 'fabrique-de-territoire', since FROM place_labels digital
                WHERE label = 'fabrique-numerique-de-territoire'
                  AND NOT EXISTS (SELECT 1 FROM place_labels l WHERE l.place_id = digital.place_id
                                  AND l.grant_id = digital.grant_id AND l.label = 'fabrique-de-territoire')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_place_labels",
                table: "place_labels");

            migrationBuilder.DropIndex(
                name: "ix_place_labels_place_id_grant_id_label",
                table: "place_labels");

            migrationBuilder.DropColumn(
                name: "id",
                table: "place_labels");

            migrationBuilder.AlterColumn<Guid>(
                name: "grant_id",
                table: "place_labels",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "pk_place_labels",
                table: "place_labels",
                columns: new[] { "place_id", "grant_id" });
        }
    }
}

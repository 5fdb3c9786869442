using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EntryControl.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Reevaluation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "registry_change_id",
                table: "decision_records",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "declaration_stays",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    declaration_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    from_date = table.Column<DateOnly>(type: "date", nullable: false),
                    to_date = table.Column<DateOnly>(type: "date", nullable: false),
                    areas = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_declaration_stays", x => x.id);
                    table.ForeignKey(
                        name: "fk_declaration_stays_declarations_declaration_id",
                        column: x => x.declaration_id,
                        principalTable: "declarations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "registry_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    before_json = table.Column<string>(type: "jsonb", nullable: false),
                    after_json = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    candidates = table.Column<int>(type: "integer", nullable: false),
                    processed = table.Column<int>(type: "integer", nullable: false),
                    changed = table.Column<int>(type: "integer", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registry_changes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_declarations_status_arrival_at",
                table: "declarations",
                columns: new[] { "status", "arrival_at" });

            migrationBuilder.CreateIndex(
                name: "ix_decision_records_registry_change_id_declaration_id",
                table: "decision_records",
                columns: new[] { "registry_change_id", "declaration_id" },
                unique: true,
                filter: "registry_change_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_declaration_stays_declaration_id",
                table: "declaration_stays",
                column: "declaration_id");

            migrationBuilder.CreateIndex(
                name: "ix_declaration_stays_region_to_date",
                table: "declaration_stays",
                columns: new[] { "region", "to_date" })
                .Annotation("Npgsql:IndexInclude", new[] { "from_date", "declaration_id" });

            migrationBuilder.CreateIndex(
                name: "ix_registry_changes_status_created_at",
                table: "registry_changes",
                columns: new[] { "status", "created_at" });

            // The stays of existing declarations, from the engine's input of their latest decision (normalized stays).
            migrationBuilder.Sql("""
                INSERT INTO declaration_stays (declaration_id, region, from_date, to_date, areas)
                SELECT r.declaration_id, s.stay->>'region', (s.stay->>'from')::date, (s.stay->>'to')::date,
                       ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(s.stay->'areas') = 'array' THEN s.stay->'areas' ELSE '[]'::jsonb END))
                FROM (SELECT DISTINCT ON (declaration_id) declaration_id, input_json
                      FROM decision_records ORDER BY declaration_id, decided_at DESC, id DESC) r
                CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.input_json->'stays') = 'array' THEN r.input_json->'stays' ELSE '[]'::jsonb END) AS s(stay);
                """);

            migrationBuilder.AddForeignKey(
                name: "fk_decision_records_registry_changes_registry_change_id",
                table: "decision_records",
                column: "registry_change_id",
                principalTable: "registry_changes",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_decision_records_registry_changes_registry_change_id",
                table: "decision_records");

            migrationBuilder.DropTable(
                name: "declaration_stays");

            migrationBuilder.DropTable(
                name: "registry_changes");

            migrationBuilder.DropIndex(
                name: "ix_declarations_status_arrival_at",
                table: "declarations");

            migrationBuilder.DropIndex(
                name: "ix_decision_records_registry_change_id_declaration_id",
                table: "decision_records");

            migrationBuilder.DropColumn(
                name: "registry_change_id",
                table: "decision_records");
        }
    }
}

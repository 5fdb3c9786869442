using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EntryControl.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TraceLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "trace_lists",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    imported_by = table.Column<Guid>(type: "uuid", nullable: true),
                    rows = table.Column<int>(type: "integer", nullable: false),
                    matched = table.Column<int>(type: "integer", nullable: false),
                    unmatched = table.Column<int>(type: "integer", nullable: false),
                    skipped = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trace_lists", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "trace_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    list_id = table.Column<Guid>(type: "uuid", nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    line = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    id_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    id_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    phone = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    arrival_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    origin = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    carrier = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    destination_region = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: true),
                    status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    declaration_id = table.Column<Guid>(type: "uuid", nullable: true),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    resolved_by = table.Column<Guid>(type: "uuid", nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trace_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_trace_items_declarations_declaration_id",
                        column: x => x.declaration_id,
                        principalTable: "declarations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_trace_items_trace_lists_list_id",
                        column: x => x.list_id,
                        principalTable: "trace_lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_trace_items_declaration_id",
                table: "trace_items",
                column: "declaration_id");

            migrationBuilder.CreateIndex(
                name: "ix_trace_items_destination_region_status_imported_at",
                table: "trace_items",
                columns: new[] { "destination_region", "status", "imported_at" });

            migrationBuilder.CreateIndex(
                name: "ix_trace_items_list_id_line",
                table: "trace_items",
                columns: new[] { "list_id", "line" });

            migrationBuilder.CreateIndex(
                name: "ix_trace_items_status_imported_at",
                table: "trace_items",
                columns: new[] { "status", "imported_at" });

            migrationBuilder.CreateIndex(
                name: "ix_trace_lists_imported_at",
                table: "trace_lists",
                column: "imported_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "trace_items");

            migrationBuilder.DropTable(
                name: "trace_lists");
        }
    }
}

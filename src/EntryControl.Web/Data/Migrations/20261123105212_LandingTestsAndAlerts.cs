using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EntryControl.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class LandingTestsAndAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "landing_test_result",
                table: "checkpoint_scans",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "result_at",
                table: "checkpoint_scans",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "tube_number",
                table: "checkpoint_scans",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    declaration_id = table.Column<Guid>(type: "uuid", nullable: false),
                    community_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alerts", x => x.id);
                    table.ForeignKey(
                        name: "fk_alerts_declarations_declaration_id",
                        column: x => x.declaration_id,
                        principalTable: "declarations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_checkpoint_scans_tube_number",
                table: "checkpoint_scans",
                column: "tube_number",
                unique: true,
                filter: "tube_number IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_community_code_created_at",
                table: "alerts",
                columns: new[] { "community_code", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_declaration_id",
                table: "alerts",
                column: "declaration_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropIndex(
                name: "ix_checkpoint_scans_tube_number",
                table: "checkpoint_scans");

            migrationBuilder.DropColumn(
                name: "landing_test_result",
                table: "checkpoint_scans");

            migrationBuilder.DropColumn(
                name: "result_at",
                table: "checkpoint_scans");

            migrationBuilder.DropColumn(
                name: "tube_number",
                table: "checkpoint_scans");
        }
    }
}

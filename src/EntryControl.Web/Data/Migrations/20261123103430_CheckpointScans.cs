using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EntryControl.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CheckpointScans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "checkpoint_scans",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    declaration_id = table.Column<Guid>(type: "uuid", nullable: false),
                    checkpoint_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    officer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scanned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    temperature_celsius = table.Column<decimal>(type: "numeric(4,1)", precision: 4, scale: 1, nullable: true),
                    certificate_sampled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    certificate_result = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    decision_record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    measure = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    entry_allowed = table.Column<bool>(type: "boolean", nullable: false),
                    landing_test = table.Column<bool>(type: "boolean", nullable: false),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    seal_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    outcome_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_checkpoint_scans", x => x.id);
                    table.ForeignKey(
                        name: "fk_checkpoint_scans_checkpoints_checkpoint_code",
                        column: x => x.checkpoint_code,
                        principalTable: "checkpoints",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_checkpoint_scans_decision_records_decision_record_id",
                        column: x => x.decision_record_id,
                        principalTable: "decision_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_checkpoint_scans_declarations_declaration_id",
                        column: x => x.declaration_id,
                        principalTable: "declarations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_checkpoint_scans_checkpoint_code_scanned_at",
                table: "checkpoint_scans",
                columns: new[] { "checkpoint_code", "scanned_at" });

            migrationBuilder.CreateIndex(
                name: "ix_checkpoint_scans_decision_record_id",
                table: "checkpoint_scans",
                column: "decision_record_id");

            migrationBuilder.CreateIndex(
                name: "ix_checkpoint_scans_declaration_id",
                table: "checkpoint_scans",
                column: "declaration_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "checkpoint_scans");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EntryControl.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class MeasureLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "tube_number",
                table: "follow_up_tests",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "measure_releases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    declaration_id = table.Column<Guid>(type: "uuid", nullable: false),
                    community_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    measure = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    from = table.Column<DateOnly>(type: "date", nullable: false),
                    to = table.Column<DateOnly>(type: "date", nullable: false),
                    released_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    verification_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    released_by = table.Column<Guid>(type: "uuid", nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    @override = table.Column<bool>(name: "override", type: "boolean", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_measure_releases", x => x.id);
                    table.ForeignKey(
                        name: "fk_measure_releases_communities_community_code",
                        column: x => x.community_code,
                        principalTable: "communities",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_measure_releases_declarations_declaration_id",
                        column: x => x.declaration_id,
                        principalTable: "declarations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_tests_tube_number",
                table: "follow_up_tests",
                column: "tube_number",
                filter: "tube_number IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_measure_releases_community_code",
                table: "measure_releases",
                column: "community_code");

            migrationBuilder.CreateIndex(
                name: "ix_measure_releases_declaration_id",
                table: "measure_releases",
                column: "declaration_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_measure_releases_verification_code",
                table: "measure_releases",
                column: "verification_code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "measure_releases");

            migrationBuilder.DropIndex(
                name: "ix_follow_up_tests_tube_number",
                table: "follow_up_tests");

            migrationBuilder.DropColumn(
                name: "tube_number",
                table: "follow_up_tests");
        }
    }
}

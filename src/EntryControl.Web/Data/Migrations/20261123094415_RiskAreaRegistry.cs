using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EntryControl.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class RiskAreaRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "risk_areas",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    region = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    area = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    level = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    from = table.Column<DateOnly>(type: "date", nullable: false),
                    to = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_areas", x => x.id);
                    table.CheckConstraint("ck_risk_areas_dates", "\"to\" IS NULL OR \"to\" >= \"from\"");
                });

            migrationBuilder.CreateIndex(
                name: "ix_risk_areas_region",
                table: "risk_areas",
                column: "region");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "risk_areas");
        }
    }
}

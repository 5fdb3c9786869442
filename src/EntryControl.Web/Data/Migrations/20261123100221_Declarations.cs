using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EntryControl.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Declarations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "declarations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    group_id = table.Column<Guid>(type: "uuid", nullable: false),
                    traveler_name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    id_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    id_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    phone = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    community_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    destination = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    arrival_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    trip_json = table.Column<string>(type: "jsonb", nullable: false),
                    vehicle_plate = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    vehicle_company = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    registration = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    first_scanned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    registered_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_declarations", x => x.id);
                    table.ForeignKey(
                        name: "fk_declarations_communities_community_code",
                        column: x => x.community_code,
                        principalTable: "communities",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    completed = table.Column<bool>(type: "boolean", nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    location = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    body = table.Column<byte[]>(type: "bytea", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_records", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "decision_records",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    declaration_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occasion = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    policy_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    policy_version = table.Column<int>(type: "integer", nullable: false),
                    measure = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    decided_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    input_json = table.Column<string>(type: "jsonb", nullable: false),
                    designations_json = table.Column<string>(type: "jsonb", nullable: false),
                    decision_json = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_decision_records", x => x.id);
                    table.ForeignKey(
                        name: "fk_decision_records_declarations_declaration_id",
                        column: x => x.declaration_id,
                        principalTable: "declarations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_decision_records_declaration_id_decided_at",
                table: "decision_records",
                columns: new[] { "declaration_id", "decided_at" });

            migrationBuilder.CreateIndex(
                name: "ix_declarations_code",
                table: "declarations",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_declarations_community_code_arrival_at",
                table: "declarations",
                columns: new[] { "community_code", "arrival_at" });

            migrationBuilder.CreateIndex(
                name: "ix_declarations_group_id",
                table: "declarations",
                column: "group_id");

            migrationBuilder.CreateIndex(
                name: "ix_declarations_id_number_phone",
                table: "declarations",
                columns: new[] { "id_number", "phone" });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_created_at",
                table: "idempotency_records",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "decision_records");

            migrationBuilder.DropTable(
                name: "idempotency_records");

            migrationBuilder.DropTable(
                name: "declarations");
        }
    }
}

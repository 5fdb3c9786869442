using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EntryControl.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PersonalDataEncryption : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_declarations_id_number_phone",
                table: "declarations");

            migrationBuilder.AlterColumn<string>(
                name: "phone",
                table: "trace_items",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(11)",
                oldMaxLength: 11,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "id_number",
                table: "trace_items",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20);

            migrationBuilder.AddColumn<byte[]>(
                name: "id_number_hash",
                table: "trace_items",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "personal_data_erased_at",
                table: "trace_items",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "phone_hash",
                table: "trace_items",
                type: "bytea",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "phone",
                table: "declarations",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(11)",
                oldMaxLength: 11,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "id_number",
                table: "declarations",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20);

            migrationBuilder.AddColumn<byte[]>(
                name: "id_number_hash",
                table: "declarations",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "personal_data_erased_at",
                table: "declarations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "phone_hash",
                table: "declarations",
                type: "bytea",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_trace_items_id_number_hash",
                table: "trace_items",
                column: "id_number_hash");

            migrationBuilder.CreateIndex(
                name: "ix_declarations_arrival_at",
                table: "declarations",
                column: "arrival_at",
                filter: "personal_data_erased_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_declarations_id_number_hash_phone_hash",
                table: "declarations",
                columns: new[] { "id_number_hash", "phone_hash" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_trace_items_id_number_hash",
                table: "trace_items");

            migrationBuilder.DropIndex(
                name: "ix_declarations_arrival_at",
                table: "declarations");

            migrationBuilder.DropIndex(
                name: "ix_declarations_id_number_hash_phone_hash",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "id_number_hash",
                table: "trace_items");

            migrationBuilder.DropColumn(
                name: "personal_data_erased_at",
                table: "trace_items");

            migrationBuilder.DropColumn(
                name: "phone_hash",
                table: "trace_items");

            migrationBuilder.DropColumn(
                name: "id_number_hash",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "personal_data_erased_at",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "phone_hash",
                table: "declarations");

            migrationBuilder.AlterColumn<string>(
                name: "phone",
                table: "trace_items",
                type: "character varying(11)",
                maxLength: 11,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "id_number",
                table: "trace_items",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<string>(
                name: "phone",
                table: "declarations",
                type: "character varying(11)",
                maxLength: 11,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "id_number",
                table: "declarations",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.CreateIndex(
                name: "ix_declarations_id_number_phone",
                table: "declarations",
                columns: new[] { "id_number", "phone" });
        }
    }
}

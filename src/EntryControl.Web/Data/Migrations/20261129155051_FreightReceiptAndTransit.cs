using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EntryControl.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class FreightReceiptAndTransit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "community_code",
                table: "declarations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.AddColumn<string>(
                name: "entry_checkpoint_code",
                table: "declarations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "receipt_company",
                table: "declarations",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "receipt_number",
                table: "declarations",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "transit",
                table: "declarations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "direction",
                table: "checkpoint_scans",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "Entry");

            migrationBuilder.AlterColumn<string>(
                name: "community_code",
                table: "alerts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.CreateIndex(
                name: "ix_declarations_active_transit",
                table: "declarations",
                column: "arrival_at",
                filter: "transit AND status = 'Active'");

            migrationBuilder.CreateIndex(
                name: "ix_declarations_entry_checkpoint_code",
                table: "declarations",
                column: "entry_checkpoint_code");

            migrationBuilder.AddForeignKey(
                name: "fk_declarations_checkpoints_entry_checkpoint_code",
                table: "declarations",
                column: "entry_checkpoint_code",
                principalTable: "checkpoints",
                principalColumn: "code",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_declarations_checkpoints_entry_checkpoint_code",
                table: "declarations");

            migrationBuilder.DropIndex(
                name: "ix_declarations_active_transit",
                table: "declarations");

            migrationBuilder.DropIndex(
                name: "ix_declarations_entry_checkpoint_code",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "entry_checkpoint_code",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "receipt_company",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "receipt_number",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "transit",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "direction",
                table: "checkpoint_scans");

            migrationBuilder.AlterColumn<string>(
                name: "community_code",
                table: "declarations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "community_code",
                table: "alerts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32,
                oldNullable: true);
        }
    }
}

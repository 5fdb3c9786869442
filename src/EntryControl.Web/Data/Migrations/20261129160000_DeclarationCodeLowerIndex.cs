using EntryControl.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EntryControl.Web.Data.Migrations
{
    /// <summary>
    /// Codes are looked up without regard to case (<c>lower(code) = lower(typed)</c>): a functional index keeps that one
    /// index probe. The unique index on <c>code</c> itself stays as it is (codes of the first release are
    /// case-sensitive base64url). Raw SQL: the EF model has no functional indexes, so the model snapshot is unchanged.
    /// </summary>
    [DbContext(typeof(EntryControlDbContext))]
    [Migration("20261129160000_DeclarationCodeLowerIndex")]
    public partial class DeclarationCodeLowerIndex : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("CREATE INDEX ix_declarations_code_lower ON declarations (lower(code));");

        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("DROP INDEX ix_declarations_code_lower;");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Infrastructure.PersonalData;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EntryControl.Web.Tests.Declarations;

/// <summary>Document numbers and phones are encrypted at rest, found through keyed hashes, and old rows are migrated.</summary>
public sealed class PersonalDataTests(EntryControlApp app) : AppTest(app)
{
    private const string Phone = "13800000000";

    private async Task<string> DeclareAsync(string idNumber = DeclarationApiTests.ValidResidentId)
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(idNumber), TestContext.Current.CancellationToken);
        var body = await response.AssertJsonAsync(HttpStatusCode.Created);
        return body.GetProperty("code").GetString()!;
    }

    private async Task SeedCommunityAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
    }

    private async Task<List<(string IdNumber, string? Phone, byte[]? Hash)>> RawAsync(string table = "declarations")
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"SELECT id_number, phone, id_number_hash FROM {table} ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<(string, string?, byte[]?)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : (byte[])reader[2]));
        }

        return rows;
    }

    [Fact]
    public async Task The_columns_hold_no_plaintext_and_two_equal_documents_are_stored_differently()
    {
        await SeedCommunityAsync();
        await DeclareAsync();
        await DeclareAsync();

        var rows = await RawAsync();

        Assert.Equal(2, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.StartsWith("pd1:test1:", row.IdNumber, StringComparison.Ordinal);
            Assert.DoesNotContain(DeclarationApiTests.ValidResidentId, row.IdNumber, StringComparison.OrdinalIgnoreCase);
            Assert.StartsWith("pd1:test1:", row.Phone, StringComparison.Ordinal);
            Assert.DoesNotContain(Phone, row.Phone, StringComparison.Ordinal);
            Assert.Equal(32, row.Hash!.Length);
        });
        // A fresh nonce each time: equal values do not give equal ciphertexts (nobody can group travelers by column) …
        Assert.NotEqual(rows[0].IdNumber, rows[1].IdNumber);
        Assert.NotEqual(rows[0].Phone, rows[1].Phone);
        // … while the keyed hash, which lookups use, is equal.
        Assert.Equal(rows[0].Hash, rows[1].Hash);
        // The application reads plaintext.
        var stored = await App.WithDbAsync(db => db.Declarations.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.IdNumber, d.Phone }).FirstAsync(TestContext.Current.CancellationToken));
        Assert.Equal((DeclarationApiTests.ValidResidentId, Phone), (stored.IdNumber, stored.Phone));
    }

    [Fact]
    public async Task Lookups_by_document_and_phone_find_the_encrypted_declaration()
    {
        await SeedCommunityAsync();
        var code = await DeclareAsync();
        await using var scope = App.Services.CreateAsyncScope();
        var declarations = scope.ServiceProvider.GetRequiredService<DeclarationService>();
        var db = scope.ServiceProvider.GetRequiredService<EntryControlDbContext>();

        // 找回 by document and phone (the document typed in lower case, as the lookup normalizes it).
        var found = await declarations.FindByTravelerAsync(DeclarationApiTests.ValidResidentId.ToLowerInvariant(), " " + Phone, TestContext.Current.CancellationToken);
        var wrongPhone = await declarations.FindByTravelerAsync(DeclarationApiTests.ValidResidentId, "13900000000", TestContext.Current.CancellationToken);
        // The checkpoint console's lookup by any identity document.
        await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var locked = await declarations.LockLatestActiveAsync(DeclarationApiTests.ValidResidentId.ToLowerInvariant(), TestContext.Current.CancellationToken);

        Assert.Equal(code, Assert.Single(found).Code);
        Assert.Empty(wrongPhone);
        Assert.Equal(code, locked?.Code);
    }

    [Fact]
    public async Task A_trace_list_row_matches_the_encrypted_declaration_and_is_stored_encrypted()
    {
        await SeedCommunityAsync();
        await DeclareAsync();
        var command = await App.StaffClientAsync("commandCenter");

        var imported = await (await command.PostAsJsonAsync("/api/v1/trace-lists", new
        {
            source = "铁路客票",
            rows = new[]
            {
                new { name = "张三", idType = "residentId", idNumber = DeclarationApiTests.ValidResidentId.ToLowerInvariant(), phone = Phone, arrivalAt = "2022-11-20T10:00:00+08:00" },
            },
        }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);

        Assert.Equal(1, imported.GetProperty("matched").GetInt32());
        var item = Assert.Single(await RawAsync("trace_items"));
        Assert.StartsWith(PersonalDataProtector.Prefix, item.IdNumber, StringComparison.Ordinal);
        Assert.StartsWith(PersonalDataProtector.Prefix, item.Phone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_start_up_step_encrypts_and_hashes_rows_written_in_plaintext()
    {
        await SeedCommunityAsync();
        var code = await DeclareAsync();
        // A row as the first release wrote it: plaintext, no hash.
        await using (var connection = new NpgsqlConnection(App.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var plain = new NpgsqlCommand("UPDATE declarations SET id_number = @id, phone = @phone, id_number_hash = NULL, phone_hash = NULL", connection);
            plain.Parameters.AddWithValue("id", DeclarationApiTests.ValidResidentId);
            plain.Parameters.AddWithValue("phone", Phone);
            await plain.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var scope = App.Services.CreateAsyncScope();
        var migrated = await scope.ServiceProvider.GetRequiredService<PersonalDataMigration>().RunAsync(TestContext.Current.CancellationToken);
        var again = await scope.ServiceProvider.GetRequiredService<PersonalDataMigration>().RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal((1, 0), migrated);
        Assert.Equal((0, 0), again);
        var row = Assert.Single(await RawAsync());
        Assert.StartsWith("pd1:test1:", row.IdNumber, StringComparison.Ordinal);
        Assert.StartsWith("pd1:test1:", row.Phone, StringComparison.Ordinal);
        var found = await scope.ServiceProvider.GetRequiredService<DeclarationService>()
            .FindByTravelerAsync(DeclarationApiTests.ValidResidentId, Phone, TestContext.Current.CancellationToken);
        Assert.Equal(code, Assert.Single(found).Code);
    }

    [Fact]
    public void After_a_rotation_values_under_the_old_key_still_decrypt_and_new_ones_use_the_new_key()
    {
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var hashKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var before = new PersonalDataProtector(new PersonalDataOptions { CurrentKey = "2022a", Keys = { ["2022a"] = oldKey }, HashKey = hashKey });
        var after = new PersonalDataProtector(new PersonalDataOptions
        {
            CurrentKey = "2022b",
            Keys = { ["2022a"] = oldKey, ["2022b"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
            HashKey = hashKey,
        });
        var stored = before.Protect(DeclarationApiTests.ValidResidentId);

        Assert.Equal(DeclarationApiTests.ValidResidentId, after.Unprotect(stored));
        Assert.Equal("2022b", PersonalDataProtector.KeyIdOf(after.Protect(DeclarationApiTests.ValidResidentId)));
        // The hash key is not rotated with the encryption keys: lookups keep working.
        Assert.Equal(before.Hash(PersonalField.DocumentNumber, "X"), after.Hash(PersonalField.DocumentNumber, "X"));
        // A tampered envelope is refused, not misread.
        var tampered = stored[..^4] + (stored[^4] == 'A' ? 'B' : 'A') + stored[^3..];
        Assert.ThrowsAny<CryptographicException>(() => after.Unprotect(tampered));
    }

    [Theory]
    [InlineData("PersonalData:CurrentKey", "", "PersonalData:CurrentKey must be set")]
    [InlineData("PersonalData:CurrentKey", "missing", "PersonalData:CurrentKey 'missing' is not one of PersonalData:Keys")]
    [InlineData("PersonalData:Keys:test1", "c2hvcnQ=", "PersonalData:Keys:test1 must be a 256-bit key in base64")]
    [InlineData("PersonalData:HashKey", "", "PersonalData:HashKey must be set")]
    public async Task Without_valid_keys_the_portal_refuses_to_start_naming_the_setting(string setting, string value, string message)
    {
        var failure = await HostStart.FailureOfAsync(App, builder => builder.UseSetting(setting, value));

        Assert.Contains(message, failure, StringComparison.Ordinal);
    }
}

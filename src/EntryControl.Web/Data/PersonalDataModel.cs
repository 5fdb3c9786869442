using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.TraceLists;
using EntryControl.Web.Infrastructure.PersonalData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace EntryControl.Web.Data;

/// <summary>
/// Document numbers and phones at rest: the entity properties hold plaintext (pages and services read them as before),
/// value converters encrypt them into their columns (<see cref="PersonalDataProtector"/>), and a save fills the lookup
/// hash columns (<c>id_number_hash</c>, <c>phone_hash</c>) from the plaintext. Encryption is randomized, so a query must
/// never compare an encrypted column: every equality lookup goes through the hash columns
/// (<see cref="PersonalDataHashes"/>).
/// </summary>
public static class PersonalDataModel
{
    /// <summary>Gives the context the protector its model's converters and its save hook use.</summary>
    public static TBuilder UsePersonalDataProtection<TBuilder>(this TBuilder options, PersonalDataProtector protector)
        where TBuilder : DbContextOptionsBuilder
    {
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new PersonalDataOptionsExtension(protector));
        options.AddInterceptors(new PersonalDataHashInterceptor(protector));
        return options;
    }

    internal static void Apply(ModelBuilder builder, PersonalDataProtector protector)
    {
        var converter = new ValueConverter<string, string>(v => protector.Protect(v), v => protector.Unprotect(v));
        builder.Entity<Declaration>(declaration =>
        {
            declaration.Property(d => d.IdNumber).HasConversion((ValueConverter)converter);
            declaration.Property(d => d.Phone).HasConversion((ValueConverter)converter);
        });
        builder.Entity<TraceItem>(item =>
        {
            item.Property(i => i.IdNumber).HasConversion((ValueConverter)converter);
            item.Property(i => i.Phone).HasConversion((ValueConverter)converter);
        });
    }

    internal static PersonalDataProtector ProtectorOf(DbContext context) =>
        context.GetService<IDbContextOptions>().FindExtension<PersonalDataOptionsExtension>()?.Protector
        ?? throw new InvalidOperationException("The context has no personal data protector: configure it with UsePersonalDataProtection.");

    private sealed class PersonalDataOptionsExtension(PersonalDataProtector protector) : IDbContextOptionsExtension
    {
        private DbContextOptionsExtensionInfo? _info;

        public PersonalDataProtector Protector { get; } = protector;

        public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

        public void ApplyServices(IServiceCollection services)
        {
        }

        public void Validate(IDbContextOptions options)
        {
        }

        /// <summary>
        /// EF caches the model per internal service provider: contexts whose protectors hold different keys get their
        /// own (the model's converters hold the protector), those with the same keys share one.
        /// </summary>
        private sealed class ExtensionInfo(PersonalDataOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
        {
            private new PersonalDataOptionsExtension Extension => (PersonalDataOptionsExtension)base.Extension;

            public override bool IsDatabaseProvider => false;

            public override string LogFragment => "PersonalDataProtection ";

            public override int GetServiceProviderHashCode() => StringComparer.Ordinal.GetHashCode(Extension.Protector.Fingerprint);

            public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) =>
                other is ExtensionInfo info && info.Extension.Protector.Fingerprint == Extension.Protector.Fingerprint;

            public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
                debugInfo["PersonalData:Fingerprint"] = Extension.Protector.Fingerprint[..8];
        }
    }

    /// <summary>Keeps the hash columns in step with the plaintext of every added or changed row.</summary>
    private sealed class PersonalDataHashInterceptor(PersonalDataProtector protector) : SaveChangesInterceptor
    {
        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            Fill(eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Fill(eventData.Context);
            return ValueTask.FromResult(result);
        }

        private void Fill(DbContext? context)
        {
            if (context is null)
            {
                return;
            }

            var hashes = new PersonalDataHashes(protector);
            foreach (var entry in context.ChangeTracker.Entries())
            {
                if (entry.State is not (EntityState.Added or EntityState.Modified))
                {
                    continue;
                }

                switch (entry.Entity)
                {
                    case Declaration declaration:
                        declaration.IdNumberHash = hashes.Document(declaration.IdNumber);
                        declaration.PhoneHash = hashes.Phone(declaration.Phone);
                        break;
                    case TraceItem item:
                        item.IdNumberHash = hashes.Document(item.IdNumber);
                        item.PhoneHash = hashes.Phone(item.Phone);
                        break;
                }
            }
        }
    }
}

/// <summary>The lookup hashes of a document number and a phone, normalized as they are stored.</summary>
public sealed class PersonalDataHashes(PersonalDataProtector protector)
{
    /// <summary>Null for an empty value (an erased row is found by nothing).</summary>
    public byte[]? Document(string? number) =>
        string.IsNullOrWhiteSpace(number) ? null : protector.Hash(PersonalField.DocumentNumber, IdentityDocuments.Normalize(number));

    public byte[]? Phone(string? phone) =>
        string.IsNullOrWhiteSpace(phone) ? null : protector.Hash(PersonalField.Phone, phone.Trim());
}

using EntryControl.Web.Features.Alerts;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Checkpoints;
using EntryControl.Web.Features.Communities;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.FollowUps;
using EntryControl.Web.Features.Policies;
using EntryControl.Web.Features.Reevaluation;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Features.Scans;
using EntryControl.Web.Features.TraceLists;
using EntryControl.Web.Infrastructure.Idempotency;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Data;

public sealed class EntryControlDbContext(DbContextOptions<EntryControlDbContext> options)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring shared by every instance, each key encrypted (Infrastructure/KeyRing).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Community> Communities => Set<Community>();

    public DbSet<Checkpoint> Checkpoints => Set<Checkpoint>();

    public DbSet<StaffCommunity> StaffCommunities => Set<StaffCommunity>();

    public DbSet<StaffSession> StaffSessions => Set<StaffSession>();

    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();

    public DbSet<RiskArea> RiskAreas => Set<RiskArea>();

    public DbSet<Declaration> Declarations => Set<Declaration>();

    public DbSet<DecisionRecord> DecisionRecords => Set<DecisionRecord>();

    public DbSet<DeclarationStay> DeclarationStays => Set<DeclarationStay>();

    public DbSet<RegistryChange> RegistryChanges => Set<RegistryChange>();

    public DbSet<PublishedPolicyVersion> PublishedPolicyVersions => Set<PublishedPolicyVersion>();

    public DbSet<PolicyDocument> PolicyDocuments => Set<PolicyDocument>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<CheckpointScan> CheckpointScans => Set<CheckpointScan>();

    public DbSet<Alert> Alerts => Set<Alert>();

    public DbSet<FollowUpTest> FollowUpTests => Set<FollowUpTest>();

    public DbSet<MeasurePhase> MeasurePhases => Set<MeasurePhase>();

    public DbSet<MeasureRelease> MeasureReleases => Set<MeasureRelease>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<TraceList> TraceLists => Set<TraceList>();

    public DbSet<TraceItem> TraceItems => Set<TraceItem>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Identity names its tables explicitly (AspNetUsers …); give them snake_case names like the rest.
        builder.Entity<StaffUser>().ToTable("staff_users");
        builder.Entity<IdentityRole<Guid>>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        builder.ApplyConfigurationsFromAssembly(typeof(EntryControlDbContext).Assembly);
        PersonalDataModel.Apply(builder, PersonalDataModel.ProtectorOf(this));
    }
}

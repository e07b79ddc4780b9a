using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Harmony.Identity.Server.Data;

/// <summary>
/// The one database of the identity server: ASP.NET Core Identity's users, OpenIddict's applications,
/// authorizations and tokens, data-protection keys and Harmony's own tables.
/// Each database provider has a subclass that owns its migrations.
/// </summary>
public abstract class HarmonyDbContext(DbContextOptions options)
    : IdentityDbContext<HarmonyUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Company> Companies => Set<Company>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<UnknownLoginFailure> UnknownLoginFailures => Set<UnknownLoginFailure>();

    public DbSet<ServerSecret> ServerSecrets => Set<ServerSecret>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<RecoveryRequest> RecoveryRequests => Set<RecoveryRequest>();

    public DbSet<EmailAddressStatus> EmailAddressStatuses => Set<EmailAddressStatus>();

    public DbSet<EmailDeliveryEvent> EmailDeliveryEvents => Set<EmailDeliveryEvent>();

    public DbSet<SecondFactorChallenge> SecondFactorChallenges => Set<SecondFactorChallenge>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();

        builder.Entity<Company>(company =>
        {
            company.ToTable("Companies");
            company.Property(c => c.Code).HasMaxLength(32);
            company.HasIndex(c => c.Code).IsUnique();
            company.Property(c => c.NameJa).HasMaxLength(200);
            company.Property(c => c.NameEn).HasMaxLength(200);
            company.ComplexProperty(c => c.Policy, policy =>
            {
                policy.Property(p => p.SecondFactor).HasConversion<string>().HasMaxLength(16);
            });
            company.HasMany(c => c.AllowedClients).WithOne().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<CompanyClient>(client =>
        {
            client.ToTable("CompanyClients");
            client.HasKey(c => new { c.CompanyId, c.ClientId });
            client.Property(c => c.ClientId).HasMaxLength(100);
        });

        builder.Entity<PasswordHistoryEntry>(entry =>
        {
            entry.ToTable("PasswordHistory");
            entry.HasIndex(e => new { e.UserId, e.Id });
            entry.HasOne<HarmonyUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AuditEvent>(audit =>
        {
            audit.ToTable("AuditEvents");
            audit.Property(a => a.Event).HasMaxLength(64);
            audit.Property(a => a.Reason).HasMaxLength(64);
            audit.Property(a => a.ClientId).HasMaxLength(100);
            audit.Property(a => a.IpAddress).HasMaxLength(64);
            audit.Property(a => a.UserAgent).HasMaxLength(512);
            audit.Property(a => a.ReferenceCode).HasMaxLength(16);
            audit.Property(a => a.Actor).HasMaxLength(200);
            audit.Property(a => a.Details).HasMaxLength(1000);
            audit.HasIndex(a => new { a.UserId, a.OccurredAt });
            audit.HasIndex(a => new { a.CompanyId, a.OccurredAt });
            audit.HasIndex(a => a.ReferenceCode);
            audit.HasIndex(a => a.OccurredAt);
        });

        builder.Entity<UnknownLoginFailure>(failure =>
        {
            failure.ToTable("UnknownLoginFailures");
            failure.HasKey(f => f.KeyHash);
            failure.Property(f => f.KeyHash).HasMaxLength(64);
            failure.HasIndex(f => f.LastFailureAt);
        });

        builder.Entity<OutboxMessage>(message =>
        {
            message.ToTable("OutboxMessages");
            message.Property(m => m.Kind).HasMaxLength(32);
            message.Property(m => m.ToAddress).HasMaxLength(256);
            message.Property(m => m.ToName).HasMaxLength(200);
            message.Property(m => m.Culture).HasMaxLength(8);
            message.Property(m => m.Subject).HasMaxLength(300);
            message.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.ProviderMessageId).HasMaxLength(200);
            message.Property(m => m.LastError).HasMaxLength(1000);
            // The dispatcher picks due pending messages; admins list failures.
            message.HasIndex(m => new { m.Status, m.NextAttemptAt });
            message.HasIndex(m => new { m.UserId, m.CreatedAt });
        });

        builder.Entity<RecoveryRequest>(request =>
        {
            request.ToTable("RecoveryRequests");
            request.Property(r => r.Kind).HasMaxLength(32);
            request.Property(r => r.ProtectedTarget).HasMaxLength(2000);
            request.Property(r => r.Culture).HasMaxLength(8);
            request.Property(r => r.IpAddress).HasMaxLength(64);
            request.Property(r => r.UserAgent).HasMaxLength(512);
        });

        builder.Entity<EmailAddressStatus>(status =>
        {
            status.ToTable("EmailAddressStatuses");
            status.HasKey(s => s.NormalizedAddress);
            status.Property(s => s.NormalizedAddress).HasMaxLength(256);
        });

        builder.Entity<EmailDeliveryEvent>(delivery =>
        {
            delivery.ToTable("EmailDeliveryEvents");
            delivery.HasKey(e => e.ProviderEventId);
            delivery.Property(e => e.ProviderEventId).HasMaxLength(100);
            delivery.Property(e => e.NormalizedAddress).HasMaxLength(256);
            delivery.Property(e => e.EventType).HasMaxLength(32);
            delivery.HasIndex(e => e.NormalizedAddress);
        });

        builder.Entity<SecondFactorChallenge>(challenge =>
        {
            challenge.ToTable("SecondFactorChallenges");
            challenge.HasKey(c => c.UserId);
            challenge.Property(c => c.CodeHash).HasMaxLength(128);
            challenge.Property(c => c.ChallengeId).HasMaxLength(32);
            // Two requests that replace or resend the same challenge at once: one wins, the other sends nothing.
            challenge.Property(c => c.IssuedAt).IsConcurrencyToken();
            challenge.HasOne<HarmonyUser>().WithOne().HasForeignKey<SecondFactorChallenge>(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ServerSecret>(secret =>
        {
            secret.ToTable("ServerSecrets");
            secret.HasKey(s => s.Name);
            secret.Property(s => s.Name).HasMaxLength(64);
        });

        builder.Entity<HarmonyUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.Property(u => u.Locale).HasMaxLength(8);
            user.HasOne(u => u.Company).WithMany().HasForeignKey(u => u.CompanyId).OnDelete(DeleteBehavior.Restrict);
            user.HasIndex(u => u.CompanyId);
            user.Property(u => u.CredentialKind).HasConversion<string>().HasMaxLength(16);
            user.Property(u => u.ReservedLoginId).HasMaxLength(64);
            user.Property(u => u.EmployeeNumber).HasMaxLength(64);
            user.HasIndex(u => new { u.CompanyId, u.EmployeeNumber }).IsUnique();
            user.HasIndex(u => u.ReservedLoginId).IsUnique();
            // The expiry and lockout jobs select on these.
            user.HasIndex(u => new { u.CredentialKind, u.TemporaryExpired, u.TemporaryExpiresAt });
            user.HasIndex(u => u.LockoutEnd);
        });
    }
}

/// <summary>SQLite, the embedded default.</summary>
public sealed class SqliteHarmonyDbContext(DbContextOptions<SqliteHarmonyDbContext> options) : HarmonyDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset values in SQL; store them as sortable integers
        // so that jobs can run set-based updates such as "where LockoutEnd < now".
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
    }
}

/// <summary>SQL Server, for production.</summary>
public sealed class SqlServerHarmonyDbContext(DbContextOptions<SqlServerHarmonyDbContext> options) : HarmonyDbContext(options);

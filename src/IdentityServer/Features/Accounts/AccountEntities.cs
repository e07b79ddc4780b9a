using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Harmony.Identity.Server.Features.Accounts;

/// <summary>Harmony's columns on Identity's user table.</summary>
public sealed class HarmonyUserConfiguration : IEntityTypeConfiguration<HarmonyUser>
{
    public void Configure(EntityTypeBuilder<HarmonyUser> user)
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
    }
}

public sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> company)
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
    }
}

public sealed class CompanyClientConfiguration : IEntityTypeConfiguration<CompanyClient>
{
    public void Configure(EntityTypeBuilder<CompanyClient> client)
    {
        client.ToTable("CompanyClients");
        client.HasKey(c => new { c.CompanyId, c.ClientId });
        client.Property(c => c.ClientId).HasMaxLength(100);
    }
}

public sealed class PasswordHistoryEntryConfiguration : IEntityTypeConfiguration<PasswordHistoryEntry>
{
    public void Configure(EntityTypeBuilder<PasswordHistoryEntry> entry)
    {
        entry.ToTable("PasswordHistory");
        entry.HasIndex(e => new { e.UserId, e.Id });
        entry.HasOne<HarmonyUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

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
        });

        builder.Entity<HarmonyUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.Property(u => u.Locale).HasMaxLength(8);
            user.HasOne(u => u.Company).WithMany().HasForeignKey(u => u.CompanyId).OnDelete(DeleteBehavior.Restrict);
            user.HasIndex(u => u.CompanyId);
            user.Property(u => u.CredentialKind).HasConversion<string>().HasMaxLength(16);
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

using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

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

    public DbSet<RevokedAccessToken> RevokedAccessTokens => Set<RevokedAccessToken>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();

        // Each feature configures its own tables beside its code (IEntityTypeConfiguration<T>, e.g. Features/Accounts/AccountEntities.cs).
        builder.ApplyConfigurationsFromAssembly(typeof(HarmonyDbContext).Assembly);
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

/// <summary>SQL Server, a server database for production.</summary>
public sealed class SqlServerHarmonyDbContext(DbContextOptions<SqlServerHarmonyDbContext> options) : HarmonyDbContext(options);

/// <summary>PostgreSQL, a server database for production.</summary>
public sealed class PostgreSqlHarmonyDbContext(DbContextOptions<PostgreSqlHarmonyDbContext> options) : HarmonyDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // timestamptz holds instants and Npgsql refuses to write an offset other than zero: a time given in an
        // admin's own zone (a search bound, say) goes in as the same instant in UTC.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcConverter>();
    }
}

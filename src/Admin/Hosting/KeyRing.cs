using Harmony.Identity.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Harmony.Identity.Admin.Hosting;

public enum KeyRingProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>
/// Where the admin site keeps its data-protection keys (section <c>Admin:DataProtection</c>, which also names the
/// certificate that encrypts them, see <see cref="KeyRingProtection"/>). With a connection string, in a table of a small
/// database of the admin site's own, which every node reads: no shared folder, and no access to the identity server's
/// database (the site reaches the server only through OpenID Connect and the admin API).
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "Admin:DataProtection";

    public KeyRingProvider Provider { get; set; } = KeyRingProvider.Sqlite;

    public string? ConnectionString { get; set; }

    public bool IsShared => !string.IsNullOrWhiteSpace(ConnectionString);
}

/// <summary>The admin site's key ring table, <c>DataProtectionKeys</c>; one migrations set per provider.</summary>
public abstract class KeyRingContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}

public sealed class SqliteKeyRingContext(DbContextOptions<SqliteKeyRingContext> options) : KeyRingContext(options);

public sealed class SqlServerKeyRingContext(DbContextOptions<SqlServerKeyRingContext> options) : KeyRingContext(options);

// Used only by `dotnet ef migrations add`.
public sealed class SqliteKeyRingDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKeyRingContext>
{
    public SqliteKeyRingContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteKeyRingContext>().UseSqlite("Data Source=design-time.db").Options);
}

public sealed class SqlServerKeyRingDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerKeyRingContext>
{
    public SqlServerKeyRingContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerKeyRingContext>().UseSqlServer("Server=design-time;Database=HarmonyAdmin").Options);
}

public static class KeyRingExtensions
{
    /// <summary>
    /// The site's data protection under a fixed application name: keys in the shared database when
    /// <c>Admin:DataProtection:ConnectionString</c> is set (migrated before the site serves), else in
    /// <c>Admin:KeysFolder</c>, else per machine; encrypted at rest with <c>Admin:DataProtection:CertificatePath</c>.
    /// </summary>
    public static IHostApplicationBuilder AddAdminKeyRing(this IHostApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("harmony-identity-admin");
        builder.AddKeyRingProtection(KeyRingOptions.Section);

        var options = builder.Configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (options.IsShared)
        {
            if (options.Provider == KeyRingProvider.SqlServer)
            {
                builder.Services.AddDbContext<KeyRingContext, SqlServerKeyRingContext>(db => db.UseSqlServer(options.ConnectionString, sql => sql.EnableRetryOnFailure()));
            }
            else
            {
                builder.Services.AddDbContext<KeyRingContext, SqliteKeyRingContext>(db => db.UseSqlite(options.ConnectionString));
            }
            dataProtection.PersistKeysToDbContext<KeyRingContext>();
            builder.Services.AddHostedService<KeyRingMigrator>();
            return builder;
        }

        var keysFolder = builder.Configuration[$"{AdminSiteOptions.Section}:{nameof(AdminSiteOptions.KeysFolder)}"];
        if (!string.IsNullOrWhiteSpace(keysFolder)) dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysFolder));
        return builder;
    }

    /// <summary>Ready only while the key ring's database answers (when the site has one).</summary>
    public static IHealthChecksBuilder AddKeyRingCheck(this IHealthChecksBuilder checks, IConfiguration configuration)
    {
        var options = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        return options.IsShared ? checks.AddDbContextCheck<KeyRingContext>("key-ring", tags: [HealthEndpoints.Ready]) : checks;
    }

    /// <summary>
    /// Creates or updates the key ring table before anything starts, the web server included, so that no request reads
    /// a missing table. Nodes starting together are safe: EF Core takes a lock while it migrates.
    /// </summary>
    private sealed class KeyRingMigrator(IServiceScopeFactory scopes) : IHostedLifecycleService
    {
        public async Task StartingAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<KeyRingContext>().Database.MigrateAsync(cancellationToken);
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

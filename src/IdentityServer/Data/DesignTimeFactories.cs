using Microsoft.EntityFrameworkCore.Design;

namespace Harmony.Identity.Server.Data;

// Used only by `dotnet ef migrations add`; each provider keeps its own migrations set.

/// <summary>
/// Identity reads its schema version (3: passkeys) from the application's options; at design time there is no
/// application, so the factories hand the context this much of one.
/// </summary>
internal static class IdentityStores
{
    public static readonly IServiceProvider DesignTime = new ServiceCollection()
        .Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(options => options.Stores.SchemaVersion = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3)
        .BuildServiceProvider();
}

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteHarmonyDbContext>
{
    public SqliteHarmonyDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqliteHarmonyDbContext>().UseSqlite("Data Source=design-time.db").UseOpenIddict().UseApplicationServiceProvider(IdentityStores.DesignTime).Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerHarmonyDbContext>
{
    public SqlServerHarmonyDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqlServerHarmonyDbContext>().UseSqlServer("Server=design-time;Database=HarmonyIdentity").UseOpenIddict().UseApplicationServiceProvider(IdentityStores.DesignTime).Options);
}

public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlHarmonyDbContext>
{
    public PostgreSqlHarmonyDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<PostgreSqlHarmonyDbContext>().UseNpgsql("Host=design-time;Database=harmony_identity").UseOpenIddict().UseApplicationServiceProvider(IdentityStores.DesignTime).Options);
}

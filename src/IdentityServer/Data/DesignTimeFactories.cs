using Microsoft.EntityFrameworkCore.Design;

namespace Harmony.Identity.Server.Data;

// Used only by `dotnet ef migrations add`; each provider keeps its own migrations set.

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteHarmonyDbContext>
{
    public SqliteHarmonyDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqliteHarmonyDbContext>().UseSqlite("Data Source=design-time.db").UseOpenIddict().Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerHarmonyDbContext>
{
    public SqlServerHarmonyDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqlServerHarmonyDbContext>().UseSqlServer("Server=design-time;Database=HarmonyIdentity").UseOpenIddict().Options);
}

public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlHarmonyDbContext>
{
    public PostgreSqlHarmonyDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<PostgreSqlHarmonyDbContext>().UseNpgsql("Host=design-time;Database=harmony_identity").UseOpenIddict().Options);
}

namespace Harmony.Identity.Tests.Data;

/// <summary>Each provider's migrations set matches the model: nobody forgot to add a migration.</summary>
public sealed class MigrationTests
{
    [Test]
    public void Sqlite_HasNoPendingModelChanges()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "run dotnet ef migrations add for SQLite");
        Assert.That(db.Database.GetMigrations(), Is.Not.Empty);
    }

    [Test]
    public void SqlServer_HasNoPendingModelChanges()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "run dotnet ef migrations add for SQL Server");
        Assert.That(db.Database.GetMigrations(), Is.Not.Empty);
    }

    [Test]
    public void TheTwoProviders_HaveTheSameMigrations()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[15..]);
        Assert.That(Names(sqlite), Is.EqualTo(Names(sqlServer)), "every migration exists for both providers, in the same order");
    }
}

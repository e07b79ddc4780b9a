namespace Harmony.Identity.Tests.Data;

/// <summary>Each provider's migrations set matches the model: nobody forgot to add a migration.</summary>
public sealed class MigrationTests
{
    private static IEnumerable<TestCaseData> Providers()
    {
        yield return new TestCaseData((Func<DbContext>)(() => new SqliteDesignTimeFactory().CreateDbContext([]))).SetArgDisplayNames("Sqlite");
        yield return new TestCaseData((Func<DbContext>)(() => new SqlServerDesignTimeFactory().CreateDbContext([]))).SetArgDisplayNames("SqlServer");
        yield return new TestCaseData((Func<DbContext>)(() => new PostgreSqlDesignTimeFactory().CreateDbContext([]))).SetArgDisplayNames("PostgreSql");
    }

    [TestCaseSource(nameof(Providers))]
    public void Provider_HasNoPendingModelChanges(Func<DbContext> create)
    {
        using var db = create();
        Assert.That(db.Database.HasPendingModelChanges(), Is.False, $"run dotnet ef migrations add for {db.GetType().Name}");
        Assert.That(db.Database.GetMigrations(), Is.Not.Empty);
    }

    [Test]
    public void EveryModelMigration_ExistsForEachProvider_InTheSameOrder()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);
        using var postgreSql = new PostgreSqlDesignTimeFactory().CreateDbContext([]);
        // Quartz's tables are for the server databases only (clustered jobs); PostgreSQL began with one migration
        // holding every change made before it.
        static List<string> Names(DbContext db) => db.Database.GetMigrations().Where(m => !m.EndsWith("_QuartzTables", StringComparison.Ordinal))
            .Select(m => m[15..]).ToList();
        var postgreSqlStart = postgreSql.Database.GetMigrations().First();

        Assert.That(Names(sqlite), Is.EqualTo(Names(sqlServer)), "every migration exists for SQLite and SQL Server, in the same order");
        Assert.That(Names(postgreSql).Skip(1),
            Is.EqualTo(sqlite.Database.GetMigrations().Where(m => string.CompareOrdinal(m, postgreSqlStart) > 0).Select(m => m[15..])),
            "every migration since InitialPostgreSql exists for PostgreSQL too");
    }
}

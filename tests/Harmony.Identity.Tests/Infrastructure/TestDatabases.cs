using Microsoft.Data.SqlClient;
using Npgsql;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>The databases a fixture of data tests runs on.</summary>
public enum TestDatabase
{
    /// <summary>A file in the server's temporary data folder, the embedded default.</summary>
    Sqlite,

    /// <summary>A fresh database on the server named by <c>HARMONY_TEST_POSTGRES</c>, which <c>./test.sh</c> starts.</summary>
    PostgreSql,

    /// <summary>A fresh database on the server named by <c>HARMONY_TEST_SQLSERVER</c>, for a CI that has one (category "SqlServer").</summary>
    SqlServer,
}

/// <summary>
/// Runs a fixture once per database: <c>[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]</c> on a
/// fixture whose constructor takes the <see cref="TestDatabase"/> and hands it to its base. The test names show the
/// database (<c>LockoutTests(PostgreSql)</c>); a server database whose variable is not set is ignored, saying so.
/// </summary>
public static class TestDatabases
{
    public const string PostgreSqlVariable = "HARMONY_TEST_POSTGRES";
    public const string SqlServerVariable = "HARMONY_TEST_SQLSERVER";

    public static IEnumerable<TestFixtureData> All() => Servers().Prepend(new TestFixtureData(TestDatabase.Sqlite));

    /// <summary>The server databases only, for what SQLite cannot do (several nodes on one database).</summary>
    public static IEnumerable<TestFixtureData> Servers()
    {
        yield return OnServer(TestDatabase.PostgreSql, PostgreSqlVariable,
            "./test.sh starts a throwaway PostgreSQL server and sets it; or point it at one: Host=127.0.0.1;Port=5432;Username=…;Password=…");
        var sqlServer = OnServer(TestDatabase.SqlServer, SqlServerVariable,
            "no SQL Server runs on the development machines; a CI that has one sets it to a login that may create databases");
        sqlServer.Properties.Add(NUnit.Framework.Internal.PropertyNames.Category, "SqlServer");
        yield return sqlServer;
    }

    /// <summary><paramref name="settings"/> for a server on <paramref name="database"/>; the server creates its database itself.</summary>
    public static IDictionary<string, string?>? Settings(TestDatabase database, IDictionary<string, string?>? settings = null) =>
        database == TestDatabase.Sqlite
            ? settings
            : new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Database:Provider"] = database.ToString() };

    private static TestFixtureData OnServer(TestDatabase database, string variable, string howToSetIt)
    {
        var fixture = new TestFixtureData(database);
        return string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable))
            ? fixture.Ignore($"{variable} is not set: {howToSetIt}")
            : fixture;
    }

    /// <summary>Makes each server's changes to the database context (interceptors) whichever provider it runs on.</summary>
    public static IServiceCollection ConfigureHarmonyDbContext(this IServiceCollection services, Action<DbContextOptionsBuilder> configure) =>
        services
            .ConfigureDbContext<SqliteHarmonyDbContext>(configure)
            .ConfigureDbContext<PostgreSqlHarmonyDbContext>(configure)
            .ConfigureDbContext<SqlServerHarmonyDbContext>(configure);
}

/// <summary>An empty database of one test server's own on a server database, dropped with the server.</summary>
public sealed class ThrowawayDatabase : IDisposable
{
    private readonly DatabaseProvider provider;
    private readonly string admin;
    private readonly string name = "harmony_test_" + Guid.NewGuid().ToString("N");

    public ThrowawayDatabase(DatabaseProvider provider)
    {
        this.provider = provider;
        var variable = provider == DatabaseProvider.PostgreSql ? TestDatabases.PostgreSqlVariable : TestDatabases.SqlServerVariable;
        var server = Environment.GetEnvironmentVariable(variable)
            ?? throw new InvalidOperationException($"{variable} is not set: a server on {provider} needs a database server to create its database on.");
        (admin, ConnectionString) = provider == DatabaseProvider.PostgreSql
            ? (new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString,
                new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString)
            : (new SqlConnectionStringBuilder(server) { InitialCatalog = "master" }.ConnectionString,
                new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString);
        Execute($"CREATE DATABASE {Quoted}");
    }

    public string ConnectionString { get; }

    private string Quoted => provider == DatabaseProvider.PostgreSql ? $"\"{name}\"" : $"[{name}]";

    public void Dispose()
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            using (var pooled = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(pooled);
            Execute($"DROP DATABASE IF EXISTS {Quoted} WITH (FORCE)");
        }
        else
        {
            using (var pooled = new SqlConnection(ConnectionString)) SqlConnection.ClearPool(pooled);
            Execute($"IF DB_ID(N'{name}') IS NOT NULL BEGIN ALTER DATABASE {Quoted} SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE {Quoted}; END");
        }
    }

    private void Execute(string sql)
    {
        using System.Data.Common.DbConnection connection = provider == DatabaseProvider.PostgreSql ? new NpgsqlConnection(admin) : new SqlConnection(admin);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

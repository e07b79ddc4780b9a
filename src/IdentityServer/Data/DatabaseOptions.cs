
namespace Harmony.Identity.Server.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>Which database the server uses. SQLite (a file in the data folder) unless configured otherwise.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for the server databases; for SQLite, defaults to <c>harmony-identity.db</c> in the data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start-up (on by default; turn off when a deployment step migrates).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>SQL Server and PostgreSQL: what several nodes share (SQLite is one file on one machine).</summary>
    public bool IsServerDatabase => Provider != DatabaseProvider.Sqlite;
}

public sealed class DatabaseOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<DatabaseOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
        options.IsServerDatabase && string.IsNullOrWhiteSpace(options.ConnectionString)
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail($"Database:ConnectionString is required when Database:Provider is {options.Provider}.")
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}

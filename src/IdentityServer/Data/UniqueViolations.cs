using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Harmony.Identity.Server.Data;

/// <summary>Which refusals of a save mean "a unique index (or the key) already holds this value", on each provider.</summary>
public static class UniqueViolations
{
    /// <summary>
    /// True when the row lost an insert race: SQLite's constraint codes for a unique index and a primary key, SQL Server's
    /// 2601 and 2627, PostgreSQL's 23505. Any other failure (a value too long, a lost connection) is not one.
    /// </summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        SqlException sqlServer => sqlServer.Number is 2601 or 2627,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}

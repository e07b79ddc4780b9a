using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Harmony.Identity.Server.Data;

/// <summary>
/// SQLite has one writer at a time. When a second one finds the database locked, Microsoft.Data.Sqlite waits by
/// sleeping 150 ms and trying again, so a sign-in that met another sign-in's write lost 150 ms or more (issue 11 measured
/// eight concurrent sign-ins spending most of their time asleep). With SQLite's own busy timeout set on every
/// connection, the waiting writer retries inside SQLite after 1, 2, 5, 10… ms instead, and gets the lock as soon as it
/// is free; the 150 ms sleep only comes after the timeout, which no ordinary write reaches.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Pragma;
        return command;
    }
}

using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Harmony.Identity.Server.Data;

/// <summary>
/// Two settings SQLite keeps per connection, applied once to each connection SQLite opens (Microsoft.Data.Sqlite pools
/// them, and EF opens a pooled one for every query, so a per-open pragma cost one more statement per query):
/// <list type="bullet">
/// <item><c>busy_timeout</c>: SQLite has one writer at a time. When a second one finds the database locked,
/// Microsoft.Data.Sqlite waits by sleeping 150 ms and trying again, so a sign-in that met another sign-in's write lost
/// 150 ms or more (issue 11 measured eight concurrent sign-ins spending most of their time asleep). With SQLite's own
/// busy timeout the waiting writer retries inside SQLite after 1, 2, 5, 10… ms and gets the lock as soon as it is free.</item>
/// <item><c>synchronous = NORMAL</c>: in WAL mode (set at migration) a commit then appends to the log without an fsync;
/// the log is synced at each checkpoint. The database cannot be corrupted by a crash of the process or of the machine,
/// and a crash of the process loses nothing; a power cut or a kernel crash may lose the last commits before the
/// checkpoint. Decision 0032 says why that is right for the embedded database, and not for production's server.</item>
/// </list>
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";

    // The native connection a pooled SqliteConnection is lent; it lives as long as SQLite keeps the connection open.
    private readonly ConditionalWeakTable<object, object> _applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!FirstOpen(connection)) return;
        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!FirstOpen(connection)) return;
        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _applied.TryAdd(handle, handle);

    private static DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        return command;
    }
}

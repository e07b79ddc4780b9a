using Harmony.Identity.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Harmony.Identity.Server.Features.Jobs;

/// <summary>
/// The set-based half of a job's audit: one <c>INSERT … SELECT</c> that writes an audit row for every account a
/// job is about to change, inside the transaction that changes them. Raw SQL because EF Core has no set-based
/// insert; the names are the model's (<c>AspNetUsers</c>, <c>AuditEvents</c>), the same on SQLite and SQL Server.
/// </summary>
internal static class AccountAudit
{
    /// <summary>
    /// Inserts one audit row per account matching <paramref name="accountsWhere"/>, a condition on the alias <c>u</c>
    /// of <c>"AspNetUsers"</c> in which <c>{0}</c> is the job's "now" and <c>{4}</c>, <c>{5}</c>… are
    /// <paramref name="whereParameters"/>. Returns how many rows it wrote.
    /// </summary>
    public static Task<int> InsertAsync(
        HarmonyDbContext db, string accountsWhere, DateTimeOffset now, string auditEvent, string actor,
        object[] whereParameters, CancellationToken cancellationToken)
    {
        var sql =
            """
            INSERT INTO "AuditEvents" ("OccurredAt", "Event", "Reason", "Actor", "UserId", "CompanyId")
            SELECT {0}, {1}, {2}, {3}, u."Id", u."CompanyId"
            FROM "AspNetUsers" AS u
            """ + LockForUpdate(db.Database) + "\nWHERE " + accountsWhere;
        object[] parameters = [Instant(db.Database, now), auditEvent, AuditReasons.ByJob, actor, .. whereParameters];
        return db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }

    /// <summary>A DateTimeOffset parameter as the column stores it: UTC ticks on SQLite, datetimeoffset on SQL Server.</summary>
    private static object Instant(DatabaseFacade database, DateTimeOffset value) =>
        database.IsSqlite() ? new DateTimeOffsetToUtcTicksConverter().ConvertToProvider(value)! : value;

    // Two nodes must not audit the same rows twice. On SQLite a write transaction is exclusive (BEGIN IMMEDIATE), so
    // the second node starts after the first commits and finds the rows already changed; on SQL Server UPDLOCK makes
    // the second node's read wait on the rows the first one is about to update, and HOLDLOCK keeps them (and the
    // range) locked until commit, after which it re-reads them already changed.
    private static string LockForUpdate(DatabaseFacade database) =>
        database.IsSqlServer() ? " WITH (UPDLOCK, HOLDLOCK)" : "";
}

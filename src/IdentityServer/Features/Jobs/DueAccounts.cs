using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Harmony.Identity.Server.Features.Jobs;

/// <summary>
/// The accounts a job is about to change, written once as a SQL condition that both the job's audit and its update select
/// by, so the two cannot drift apart. The audit is one <c>INSERT … SELECT</c> (raw SQL because EF Core has no set-based
/// insert) inside the transaction that changes the rows; the names are the model's (<c>AspNetUsers</c>, <c>AuditEvents</c>),
/// quoted as every provider takes them.
/// </summary>
/// <param name="accountsWhere">A condition on the alias <c>u</c> of <c>"AspNetUsers"</c>, in which <c>{0}</c> is the job's
/// "now" and <c>{1}</c>, <c>{2}</c>… are <paramref name="whereParameters"/>; every value, booleans included, is a
/// parameter (a literal <c>0</c> is no boolean on PostgreSQL).</param>
internal sealed class DueAccounts(HarmonyDbContext db, string accountsWhere, DateTimeOffset now, params object[] whereParameters)
{
    private object[] Parameters => [Instant(db.Database, now), .. whereParameters];

    /// <summary>The accounts as a query, for the job's set-based update.</summary>
    public IQueryable<HarmonyUser> Rows
    {
        get
        {
            // The condition is the job's own constant text; every value goes in as a parameter.
            var sql = """SELECT * FROM "AspNetUsers" AS u WHERE """ + accountsWhere;
            return db.Users.FromSqlRaw(sql, Parameters);
        }
    }

    /// <summary>Inserts one audit row per account; returns how many rows it wrote.</summary>
    public Task<int> AuditAsync(string auditEvent, string actor, CancellationToken cancellationToken)
    {
        var next = 1 + whereParameters.Length;
        var sql =
            $$"""
            INSERT INTO "AuditEvents" ("OccurredAt", "Event", "Reason", "Actor", "UserId", "CompanyId")
            SELECT {0}, {{{next}}}, {{{next + 1}}}, {{{next + 2}}}, u."Id", u."CompanyId"
            FROM "AspNetUsers" AS u
            """ + TableLock(db.Database) + "\nWHERE " + accountsWhere + RowLock(db.Database);
        object[] parameters = [.. Parameters, auditEvent, AuditReasons.ByJob, actor];
        return db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }

    /// <summary>A DateTimeOffset parameter as the column stores it: UTC ticks on SQLite, datetimeoffset on SQL Server,
    /// timestamptz (offset zero only) on PostgreSQL.</summary>
    private static object Instant(DatabaseFacade database, DateTimeOffset value) =>
        database.IsSqlite() ? new DateTimeOffsetToUtcTicksConverter().ConvertToProvider(value)! : value.ToUniversalTime();

    // Two nodes must not audit the same rows twice. On SQLite a write transaction is exclusive (BEGIN IMMEDIATE), so
    // the second node starts after the first commits and finds the rows already changed; on SQL Server UPDLOCK makes
    // the second node's read wait on the rows the first one is about to update, and HOLDLOCK keeps them (and the
    // range) locked until commit, after which it re-reads them already changed. On PostgreSQL FOR UPDATE makes the
    // second node wait on the same rows, and once the first commits it re-checks the condition on their new version.
    private static string TableLock(DatabaseFacade database) =>
        database.IsSqlServer() ? " WITH (UPDLOCK, HOLDLOCK)" : "";

    private static string RowLock(DatabaseFacade database) =>
        database.IsNpgsql() ? "\nFOR UPDATE OF u" : "";
}

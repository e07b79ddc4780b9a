using System.Globalization;
using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Server.Features.AdminApi.Export;
using Harmony.Identity.Server.Features.Audit;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// CSV exports of the employee list and the audit log (issue 12 item 5, decision 0021): the same filters, per-company
/// checks and order as the lists, every matching row (more than <see cref="CsvExports.MaxRows"/> are refused), read from the database
/// a page at a time (<see cref="ExportPages"/>) and written to the response as they come, never all in memory. Each export is audited with its row count.
/// </summary>
public static class ExportEndpoints
{
    public const string EmployeesExported = "EmployeesExported";
    public const string AuditExported = "AuditExported";

    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    public static RouteGroupBuilder MapExportEndpoints(this RouteGroupBuilder api)
    {
        api.AdminGroup("/employees", "Employees")
            .MapGet("/export", (HttpContext context, HarmonyDbContext db, AccountGate gate, AuditLog audit, TimeProvider time,
                    Guid? companyId, string? text, string? state, string? sort, string? direction, string? encoding, string? timeZone,
                    CancellationToken cancellationToken) =>
                ExportEmployeesAsync(new EmployeeQuery(companyId, text, state, Sort: sort, Direction: direction),
                    new ExportFormat(encoding, timeZone), context, db, gate, audit, time, cancellationToken))
            .WithName("ExportEmployees")
            .WithSummary("Exports the employees a search finds (same parameters and order) as CSV: encoding utf-8 (with BOM, default) " +
                         "or shift_jis, times in timeZone (IANA name, default UTC), headers in the request's language; audited")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();

        api.AdminGroup("/audit", "Audit")
            .MapGet("/export", (HttpContext context, HarmonyDbContext db, AuditLog audit, TimeProvider time,
                    Guid? userId, Guid? companyId, string? referenceCode, DateTimeOffset? from, DateTimeOffset? to, string? person,
                    string? @event, string? encoding, string? timeZone, CancellationToken cancellationToken) =>
                ExportAuditAsync(new AuditQuery(userId, companyId, referenceCode, from, to, Person: person, Event: @event),
                    new ExportFormat(encoding, timeZone), context, db, audit, time, cancellationToken))
            .WithName("ExportAudit")
            .WithSummary("Exports the audit events a search finds (same parameters, newest first) as CSV: encoding utf-8 (with BOM, " +
                         "default) or shift_jis, times in timeZone (IANA name, default UTC), headers in the request's language; audited")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();
        return api;
    }

    /// <summary>The export's encoding and time zone as asked (null: the defaults).</summary>
    private sealed record ExportFormat(string? Encoding, string? TimeZone)
    {
        public string EncodingName => string.IsNullOrEmpty(Encoding) ? CsvExports.Utf8 : Encoding;

        public string ZoneName => string.IsNullOrEmpty(TimeZone) ? "UTC" : TimeZone;

        public TimeZoneInfo Zone => string.IsNullOrEmpty(TimeZone) ? TimeZoneInfo.Utc : CsvExports.FindTimeZone(TimeZone)!;

        public IResult? Problem => Listings.Refuse(ListValidation.OfExport(Encoding, TimeZone));

        public string Format(DateTimeOffset? instant) =>
            instant is null ? "" : TimeZoneInfo.ConvertTime(instant.Value, Zone).ToString(TimeFormat, CultureInfo.InvariantCulture);
    }

    private static async Task<IResult> ExportEmployeesAsync(EmployeeQuery query, ExportFormat format, HttpContext context,
        HarmonyDbContext db, AccountGate gate, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if ((Listings.EmployeeProblem(query) ?? format.Problem) is { } refused) return refused;
        var caller = AdminApiExtensions.Caller(context);
        var now = time.GetUtcNow();
        var rows = Listings.Employees(db, caller, query, now);
        var companyId = caller.IsOperator ? query.CompanyId : caller.CompanyId;
        var count = await rows.CountAsync(cancellationToken);
        if (count > CsvExports.MaxRows) return TooMany(count);
        await RecordAsync(db, audit, EmployeesExported, caller, companyId, count, format, cancellationToken);

        // A company's code per row without a join per row: operators see a few thousand companies at most.
        var codes = await db.Companies.AsNoTracking()
            .Where(c => companyId == null || c.Id == companyId)
            .ToDictionaryAsync(c => c.Id, c => c.Code, cancellationToken);
        return Csv(format, "employees", now, async csv =>
        {
            await csv.WriteRowAsync(
                ExportTexts.Column("EmployeeNumber"), ExportTexts.Column("Name"), ExportTexts.Column("Email"), ExportTexts.Column("Locale"),
                ExportTexts.Column("LoginId"), ExportTexts.Column("States"), ExportTexts.TimeColumn("TemporaryExpiresAt", format.ZoneName),
                ExportTexts.TimeColumn("LastSignInAt", format.ZoneName), ExportTexts.Column("CompanyCode"));
            await foreach (var row in rows.InPagesAsync(cancellationToken))
            {
                var user = row.User;
                await csv.WriteRowAsync(
                    user.EmployeeNumber, user.DisplayName, user.Email, user.Locale, user.UserName,
                    ExportTexts.States(EmployeeViews.StatesOf(row, gate, now)),
                    user.CredentialKind == CredentialKind.Temporary ? format.Format(user.TemporaryExpiresAt) : "",
                    format.Format(user.LastSignInAt), codes.GetValueOrDefault(user.CompanyId));
            }
        });
    }

    private static async Task<IResult> ExportAuditAsync(AuditQuery query, ExportFormat format, HttpContext context,
        HarmonyDbContext db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if ((Listings.Refuse(ListValidation.OfAudit(query.Event)) ?? format.Problem) is { } refused) return refused;
        var caller = AdminApiExtensions.Caller(context);
        var events = Listings.Audit(db, caller, query);
        var count = await events.CountAsync(cancellationToken);
        if (count > CsvExports.MaxRows) return TooMany(count);
        var recorded = await RecordAsync(db, audit, AuditExported, caller, caller.IsOperator ? query.CompanyId : caller.CompanyId, count, format,
            cancellationToken);
        // What was there when the export was asked for: not its own event, nor what happens while it is written.
        events = events.Where(a => a.Id < recorded);

        // The person each event is about, by name and login ID rather than by the account's GUID.
        var rows = from entry in events
                   join user in db.Users.AsNoTracking() on entry.UserId equals user.Id into people
                   from person in people.DefaultIfEmpty()
                   orderby entry.OccurredAt descending, entry.Id descending // the audit list's order, kept through the join for the pages
                   select new AuditExportRow(entry, person == null ? null : person.EmployeeNumber,
                       person == null ? null : person.UserName);
        return Csv(format, "audit", time.GetUtcNow(), async csv =>
        {
            await csv.WriteRowAsync(
                ExportTexts.TimeColumn("OccurredAt", format.ZoneName), ExportTexts.Column("Event"), ExportTexts.Column("Reason"),
                ExportTexts.Column("EmployeeNumber"), ExportTexts.Column("Name"), ExportTexts.Column("LoginId"), ExportTexts.Column("Actor"),
                ExportTexts.Column("ActorRole"), ExportTexts.Column("ReferenceCode"), ExportTexts.Column("IpAddress"),
                ExportTexts.Column("ClientId"), ExportTexts.Column("Details"));
            // The actors are named as on the audit page (one lookup per batch), and what is for operators only stays out.
            var batch = new List<AuditExportRow>(AuditBatch);
            async Task WriteBatchAsync()
            {
                var views = await AuditViews.ToDtosAsync(db, caller, batch.Select(r => r.Entry).ToList(), cancellationToken);
                for (var i = 0; i < batch.Count; i++)
                {
                    var (entry, view) = (batch[i].Entry, views[i]);
                    await csv.WriteRowAsync(format.Format(entry.OccurredAt), entry.Event, entry.Reason, batch[i].Number,
                        view.AccountName, batch[i].LoginId, view.ActorName ?? entry.Actor, view.ActorRole, entry.ReferenceCode,
                        entry.IpAddress, entry.ClientId, view.Details);
                }
                batch.Clear();
            }
            await foreach (var row in rows.InPagesAsync(cancellationToken))
            {
                batch.Add(row);
                if (batch.Count == AuditBatch) await WriteBatchAsync();
            }
            if (batch.Count > 0) await WriteBatchAsync();
        });
    }

    private const int AuditBatch = 500;

    private sealed record AuditExportRow(AuditEvent Entry, string? Number, string? LoginId);

    private static IResult TooMany(int count) =>
        TypedResults.Problem(detail: ExportTexts.TooManyRows(count), statusCode: StatusCodes.Status400BadRequest);

    /// <summary>"Exported N rows" before the first byte goes out (a download that breaks off was still asked for); the event's ID.</summary>
    private static async Task<long> RecordAsync(HarmonyDbContext db, AuditLog audit, string @event, AdminCaller caller, Guid? companyId, int count,
        ExportFormat format, CancellationToken cancellationToken)
    {
        var entry = audit.Add(@event, reason: AuditReasons.ByAdmin, actor: caller.Actor, companyId: companyId,
            details: string.Create(CultureInfo.InvariantCulture, $"rows={count}; encoding={format.EncodingName}"));
        await db.SaveChangesAsync(cancellationToken);
        return entry.Id;
    }

    private static IResult Csv(ExportFormat format, string name, DateTimeOffset now, Func<CsvOutput, Task> write) =>
        TypedResults.Stream(async body =>
            {
                await using var csv = new CsvOutput(body, format.EncodingName);
                await write(csv);
            },
            $"text/csv; charset={CsvOutput.Charset(format.EncodingName)}",
            string.Create(CultureInfo.InvariantCulture, $"{name}-{TimeZoneInfo.ConvertTime(now, format.Zone):yyyyMMdd-HHmm}.csv"));
}

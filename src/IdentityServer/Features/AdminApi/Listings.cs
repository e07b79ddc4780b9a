using System.Linq.Expressions;
using FluentValidation.Results;
using Harmony.Identity.Contracts.Admin;
using static Harmony.Identity.Contracts.Admin.ListParameters;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// The employee list and the audit log as the search endpoints and the CSV exports read them (decision 0021): the same
/// per-company filter, the same query parameters, the same order, so that an export holds exactly the rows the list shows.
/// </summary>
public static class Listings
{
    /// <summary>A 400 problem naming each unknown parameter, or null when every value is one the API knows.</summary>
    public static IResult? Refuse(IEnumerable<(string Property, string Code)> failures)
    {
        var errors = failures.Select(f => new ValidationFailure(f.Property, AdminValidationTexts.Message(f.Code)) { ErrorCode = f.Code }).ToList();
        return errors.Count == 0 ? null : AdminApiExtensions.ValidationProblem(new ValidationResult(errors));
    }

    /// <summary>
    /// The accounts <paramref name="query"/> asks for, in its order, within what the caller may see: a representative's
    /// own company whatever <c>companyId</c> says. Check the query with <see cref="EmployeeProblem"/> first.
    /// </summary>
    public static IQueryable<EmployeeViews.Row> Employees(HarmonyDbContext db, AdminCaller caller, EmployeeQuery query, DateTimeOffset now)
    {
        var companyId = caller.IsOperator ? query.CompanyId : caller.CompanyId;
        var users = db.Users.AsNoTracking();
        if (companyId is { } company) users = users.Where(u => u.CompanyId == company);
        if (!string.IsNullOrWhiteSpace(query.Text)) users = users.Matching(query.Text);

        var rows = EmployeeViews.Rows(db, users);
        if (StateOf(query) is { } state) rows = rows.InState(state, now);
        return Sorted(rows, string.IsNullOrEmpty(query.Sort) ? EmployeeSorts.EmployeeNumber : query.Sort, query.Direction == Descending);
    }

    /// <summary>The validation problem of an employee query's state, sort and direction, or null.</summary>
    public static IResult? EmployeeProblem(EmployeeQuery query) => Refuse(ListValidation.OfEmployeeList(query.State, query.Sort, query.Direction));

    private static string? StateOf(EmployeeQuery query) =>
        string.IsNullOrWhiteSpace(query.State) ? null : query.State.Trim().ToLowerInvariant();

    /// <summary>
    /// By the column, then the employee number, then the account ID (unique: a stable order across pages). Empty values
    /// (no address, never signed in) come last in both directions, on every database.
    /// </summary>
    private static IQueryable<EmployeeViews.Row> Sorted(IQueryable<EmployeeViews.Row> rows, string sort, bool descending)
    {
        var ordered = sort switch
        {
            EmployeeSorts.Name => By(rows, r => r.User.DisplayName, descending),
            EmployeeSorts.LoginId => By(rows, r => r.User.UserName, descending),
            EmployeeSorts.Email => By(rows, r => r.User.Email, descending),
            EmployeeSorts.LastSignIn => By(rows, r => r.User.LastSignInAt, descending),
            _ => By(rows, r => r.User.EmployeeNumber, descending),
        };
        if (sort != EmployeeSorts.EmployeeNumber) ordered = ordered.ThenBy(r => r.User.EmployeeNumber);
        return ordered.ThenBy(r => r.User.Id);
    }

    private static IOrderedQueryable<EmployeeViews.Row> By<TKey>(IQueryable<EmployeeViews.Row> rows,
        Expression<Func<EmployeeViews.Row, TKey>> key, bool descending)
    {
        var isEmpty = Expression.Lambda<Func<EmployeeViews.Row, bool>>(Expression.Equal(key.Body, Expression.Constant(null, typeof(TKey))), key.Parameters);
        var emptyLast = rows.OrderBy(isEmpty);
        return descending ? emptyLast.ThenByDescending(key) : emptyLast.ThenBy(key);
    }

    /// <summary>
    /// The audit events <paramref name="query"/> asks for, newest first, within what the caller may see. Events without
    /// a company (a login ID that matches no account, jobs) are for operators only.
    /// </summary>
    public static IQueryable<AuditEvent> Audit(HarmonyDbContext db, AdminCaller caller, AuditQuery query)
    {
        var events = db.AuditEvents.AsNoTracking();
        if (!caller.IsOperator) events = events.Where(a => a.CompanyId == caller.CompanyId);
        if (query.CompanyId is { } companyId) events = events.Where(a => a.CompanyId == companyId);
        if (query.UserId is { } userId) events = events.Where(a => a.UserId == userId);
        if (!string.IsNullOrWhiteSpace(query.Person))
        {
            // By whom a person is to an admin (login ID, name, address, number), never by the account's GUID.
            var people = db.Users.AsNoTracking();
            if (!caller.IsOperator) people = people.Where(u => u.CompanyId == caller.CompanyId);
            var ids = people.Matching(query.Person).Select(u => (Guid?)u.Id);
            events = events.Where(a => ids.Contains(a.UserId));
        }
        if (!string.IsNullOrWhiteSpace(query.Event)) events = events.Where(a => a.Event == query.Event);
        if (!string.IsNullOrWhiteSpace(query.ReferenceCode))
        {
            var code = query.ReferenceCode.Trim().ToUpperInvariant();
            events = events.Where(a => a.ReferenceCode == code);
        }
        // At offset zero: PostgreSQL compares timestamps with time zone only at UTC.
        if (query.From?.ToUniversalTime() is { } from) events = events.Where(a => a.OccurredAt >= from);
        if (query.To?.ToUniversalTime() is { } to) events = events.Where(a => a.OccurredAt < to);
        return events.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id);
    }
}

using Harmony.Identity.Contracts.Admin;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// An account's admin-visible states (<see cref="EmployeeStates"/>), derived from its fields, the same way in SQL (to
/// search) and in memory (to show). One of <c>suspended</c>, <c>temporary-expired</c>, <c>temporary</c> or
/// <c>active</c> (permanent credentials), then <c>temporary-expiring</c> (within a week), <c>locked</c> and <c>email-restricted</c> when they apply.
/// </summary>
public static class EmployeeViews
{
    /// <summary>An account with whether its address is restricted, read in one query (member-initialized, so EF can filter on it).</summary>
    public sealed class Row
    {
        public required HarmonyUser User { get; init; }

        public bool EmailRestricted { get; init; }
    }

    public static IQueryable<Row> Rows(HarmonyDbContext db, IQueryable<HarmonyUser> users) => users.Select(u => new Row
    {
        User = u,
        EmailRestricted = db.EmailAddressStatuses.Any(s => s.NormalizedAddress == u.NormalizedEmail && s.RestrictedAt != null),
    });

    public static IReadOnlyList<string> StatesOf(Row row, AccountGate gate, DateTimeOffset now)
    {
        var user = row.User;
        var states = new List<string>
        {
            user.IsSuspended ? EmployeeStates.Suspended
            : user.CredentialKind == CredentialKind.Permanent ? EmployeeStates.Active
            : gate.IsTemporaryExpired(user) ? EmployeeStates.TemporaryExpired
            : EmployeeStates.Temporary,
        };
        if (states[0] == EmployeeStates.Temporary && user.TemporaryExpiresAt <= ExpiringBy(now)) states.Add(EmployeeStates.TemporaryExpiring);
        if (user.LockoutEnd > now) states.Add(EmployeeStates.Locked);
        if (row.EmailRestricted) states.Add(EmployeeStates.EmailRestricted);
        return states;
    }

    /// <summary>Temporary credentials that expire by then are <see cref="EmployeeStates.TemporaryExpiring"/>.</summary>
    public static DateTimeOffset ExpiringBy(DateTimeOffset now) => now.AddDays(EmployeeStates.ExpiringWithinDays);

    /// <summary>The rows in <paramref name="state"/> (one of <see cref="EmployeeStates.All"/>), as <see cref="StatesOf"/> decides it.</summary>
    public static IQueryable<Row> InState(this IQueryable<Row> rows, string state, DateTimeOffset now) => state switch
    {
        EmployeeStates.Suspended => rows.Where(r => r.User.IsSuspended),
        EmployeeStates.Active => rows.Where(r => !r.User.IsSuspended && r.User.CredentialKind == CredentialKind.Permanent),
        EmployeeStates.TemporaryExpired => rows.Where(r => !r.User.IsSuspended && r.User.CredentialKind == CredentialKind.Temporary &&
                                                           (r.User.TemporaryExpired || r.User.TemporaryExpiresAt <= now)),
        EmployeeStates.Temporary => rows.Where(r => !r.User.IsSuspended && r.User.CredentialKind == CredentialKind.Temporary &&
                                                    !r.User.TemporaryExpired && (r.User.TemporaryExpiresAt == null || r.User.TemporaryExpiresAt > now)),
        EmployeeStates.TemporaryExpiring => rows.InState(EmployeeStates.Temporary, now).Where(r => r.User.TemporaryExpiresAt <= ExpiringBy(now)),
        EmployeeStates.Locked => rows.Where(r => r.User.LockoutEnd > now),
        EmployeeStates.EmailRestricted => rows.Where(r => r.EmailRestricted),
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not an employee state."),
    };

    /// <summary>
    /// Free text against the name, the email address, the login ID (also a reserved former one) and the employee number;
    /// addresses and login IDs ignore case.
    /// </summary>
    public static IQueryable<HarmonyUser> Matching(this IQueryable<HarmonyUser> users, string text)
    {
        var term = text.Trim();
        var upper = term.ToUpperInvariant();
        var lower = term.ToLowerInvariant();
        return users.Where(u =>
            u.DisplayName.Contains(term) ||
            (u.NormalizedEmail != null && u.NormalizedEmail.Contains(upper)) ||
            (u.NormalizedUserName != null && u.NormalizedUserName.Contains(upper)) ||
            (u.ReservedLoginId != null && u.ReservedLoginId.Contains(lower)) ||
            (u.EmployeeNumber != null && u.EmployeeNumber.Contains(term)));
    }

    public static EmployeeSummary ToSummary(Row row, AccountGate gate, DateTimeOffset now) => new(
        row.User.Id,
        row.User.CompanyId,
        row.User.EmployeeNumber,
        row.User.DisplayName,
        row.User.Email,
        row.User.UserName ?? "",
        StatesOf(row, gate, now),
        row.User.LastSignInAt);
}

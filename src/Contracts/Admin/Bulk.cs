namespace Harmony.Identity.Contracts.Admin;

/// <summary>
/// The actions an admin takes on many employees at once (issue 12), each the same as its single-employee action with the
/// same checks: <c>resend</c> (new temporary credentials by instruction email, temporary accounts), <c>reissue</c> (new
/// temporary credentials for any account that is not suspended, a former login ID kept reserved), <c>suspend</c>,
/// <c>resume</c> (suspended accounts: access back with new temporary credentials) and <c>unlock</c>.
/// </summary>
public static class BulkActions
{
    public const string Resend = "resend";
    public const string Reissue = "reissue";
    public const string Suspend = "suspend";
    public const string Resume = "resume";
    public const string Unlock = "unlock";

    public static readonly IReadOnlyList<string> All = [Resend, Reissue, Suspend, Resume, Unlock];

    /// <summary>At most this many employees per call, ids or filter alike: a company of 1,000 is done in one call.</summary>
    public const int MaxEmployees = 1000;

    /// <summary>The actions that issue new temporary credentials (and an instruction email).</summary>
    public static bool IssuesCredentials(string action) => action is Resend or Reissue or Resume;

    /// <summary>The bulk action that resolves a dashboard state, or null when it takes a person's look (a restricted address, a suspension).</summary>
    public static string? Resolving(string state) => state switch
    {
        EmployeeStates.Temporary or EmployeeStates.TemporaryExpiring => Resend,
        EmployeeStates.TemporaryExpired => Reissue,
        EmployeeStates.Locked => Unlock,
        _ => null,
    };
}

/// <summary>Why a bulk action left one employee alone (<see cref="BulkItem.Reason"/>).</summary>
public static class BulkSkipReasons
{
    public const string NotFound = "not-found";
    public const string AdminAccount = "admin-account";
    public const string Self = "self";
    public const string Permanent = "permanent";
    public const string Suspended = "suspended";
    public const string NotSuspended = "not-suspended";
    public const string AlreadySuspended = "already-suspended";
    public const string NoAddress = "no-address";
    public const string EmailRestricted = "email-restricted";
    public const string RecentlySent = "recently-sent";
    public const string NotLocked = "not-locked";
    public const string ChangedMeanwhile = "changed-meanwhile";
}

/// <summary>Which employees: a company's employees in a state and matching a text, as the employee list filters them.</summary>
public sealed record BulkFilter(Guid? CompanyId, string? State, string? Text);

/// <summary>A bulk action on <see cref="Ids"/> or on whoever matches <see cref="Filter"/> (exactly one of the two).</summary>
public sealed record BulkRequest(string? Action, IReadOnlyList<Guid>? Ids, BulkFilter? Filter);

/// <summary>One employee's part: <c>done</c> (<c>ready</c> in a preview) or <c>skipped</c> with a reason and its words.</summary>
public sealed record BulkItem(Guid Id, string? DisplayName, string? EmployeeNumber, string Status, string? Reason, string Message);

/// <summary>
/// What a bulk action did, or in a preview what it would do (nothing changed): counts and one item per employee, in the
/// order of the request's ids or, for a filter, by employee number.
/// </summary>
public sealed record BulkResult(string Action, bool Preview, int Total, int Done, int Skipped, IReadOnlyList<BulkItem> Items)
{
    public const string StatusDone = "done";
    public const string StatusReady = "ready";
    public const string StatusSkipped = "skipped";
}

/// <summary>How many of one state, and the bulk action that resolves it (<see cref="BulkActions.Resolving"/>).</summary>
public sealed record DashboardCount(string State, int Count, string? Action);

/// <summary>GET companies/{id}/dashboard: a company's employees by state, what needs doing first.</summary>
public sealed record CompanyDashboard(Guid CompanyId, int Employees, IReadOnlyList<DashboardCount> Counts)
{
    /// <summary>The states the dashboard counts, in the order it shows them.</summary>
    public static readonly IReadOnlyList<string> States =
    [
        EmployeeStates.Temporary, EmployeeStates.TemporaryExpiring, EmployeeStates.TemporaryExpired,
        EmployeeStates.Locked, EmployeeStates.EmailRestricted, EmployeeStates.Suspended,
    ];
}

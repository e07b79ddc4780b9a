namespace Harmony.Identity.Contracts.Admin;

/// <summary>What an admin sees of an account's state, derived from its fields.</summary>
public static class EmployeeStates
{
    public const string Temporary = "temporary";
    public const string TemporaryExpired = "temporary-expired";
    public const string Active = "active";
    public const string Suspended = "suspended";
    public const string Locked = "locked";
    public const string EmailRestricted = "email-restricted";

    public static readonly IReadOnlyList<string> All = [Temporary, TemporaryExpired, Active, Suspended, Locked, EmailRestricted];
}

public sealed record EmployeeSummary(
    Guid Id,
    Guid CompanyId,
    string? EmployeeNumber,
    string DisplayName,
    string? Email,
    string LoginId,
    IReadOnlyList<string> States,
    DateTimeOffset? LastSignInAt);

/// <summary>
/// One employee as an admin sees it. <see cref="AdminRole"/> is the account's own admin role (<see cref="HarmonyRoles"/>),
/// null for an ordinary employee: see <see cref="AdminAccountRules"/>.
/// </summary>
public sealed record EmployeeDetail(
    Guid Id,
    Guid CompanyId,
    string CompanyCode,
    string? EmployeeNumber,
    string DisplayName,
    string? Email,
    string Locale,
    string LoginId,
    string CredentialKind,
    IReadOnlyList<string> States,
    DateTimeOffset? TemporaryExpiresAt,
    DateTimeOffset? LockedUntil,
    string? ReservedLoginId,
    DateTimeOffset? LastSignInAt,
    DateTimeOffset CreatedAt,
    int EmailDeliveryFailures,
    IReadOnlyList<EmailDeliveryDto> RecentEmails,
    IReadOnlyList<AuditEntryDto> History,
    string? AdminRole = null);

public sealed record EmailDeliveryDto(long Id, string Kind, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? LastError);

/// <summary>Query of GET employees: free text matches name, email, login ID and employee number.</summary>
public sealed record EmployeeQuery(Guid? CompanyId, string? Text, string? State, int Page = 1, int PageSize = 50);

/// <summary>Enrols an employee: temporary credentials are issued and the instruction email queued.</summary>
public sealed record CreateEmployeeRequest(Guid CompanyId, string? EmployeeNumber, string? DisplayName, string? Email, string? Locale)
    : INewEmployeeFields;

public sealed record UpdateEmployeeEmailRequest(string? Email);

/// <summary>What a created or reissued account's instruction email carries is never returned: only where it went.</summary>
public sealed record EmployeeCreated(Guid Id, string LoginId, DateTimeOffset TemporaryExpiresAt);

/// <summary>
/// Who may take the actions that reach an account's credentials or access: changing its email address, suspending,
/// resuming (reissuing) and resending its instruction email. On an account that holds an admin role only an operator
/// may, so that a representative cannot redirect another admin's credentials to an address of their choosing. Unlocking
/// and lifting an email restriction hand out nothing and stay open to representatives.
/// </summary>
public static class AdminAccountRules
{
    /// <summary>The admin role an account holds, operator first: null when it holds none.</summary>
    public static string? StrongestRole(IEnumerable<string> roles)
    {
        var held = roles.ToList();
        return held.Contains(HarmonyRoles.Operator) ? HarmonyRoles.Operator
            : held.Contains(HarmonyRoles.CompanyAdmin) ? HarmonyRoles.CompanyAdmin
            : null;
    }

    /// <summary>True when a caller with <paramref name="callerRole"/> may take those actions on an account holding <paramref name="accountRole"/>.</summary>
    public static bool MayManageCredentials(string? callerRole, string? accountRole) =>
        callerRole == HarmonyRoles.Operator || (callerRole == HarmonyRoles.CompanyAdmin && accountRole is null);
}

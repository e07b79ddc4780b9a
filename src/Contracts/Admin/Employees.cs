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

    /// <summary>Temporary credentials still valid that expire within <see cref="ExpiringWithinDays"/> days (shown with <see cref="Temporary"/>).</summary>
    public const string TemporaryExpiring = "temporary-expiring";

    public const int ExpiringWithinDays = 7;

    public static readonly IReadOnlyList<string> All = [Temporary, TemporaryExpiring, TemporaryExpired, Active, Suspended, Locked, EmailRestricted];
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
/// null for an ordinary employee: see <see cref="AdminAccountRules"/>. <see cref="HasAuthenticator"/>: an authenticator app
/// is set up (decision 0029).
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
    string? AdminRole = null,
    int Passkeys = 0,
    bool HasAuthenticator = false);

/// <summary>
/// One email to the account. <see cref="Problem"/> names why it did not go (<see cref="DeliveryProblems"/>), for the site to
/// explain in words; <see cref="LastError"/>, the provider's own text, is given to operators only.
/// </summary>
public sealed record EmailDeliveryDto(long Id, string Kind, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? LastError,
    string? Problem = null);

/// <summary>Why an email was not (yet) delivered, as the admin API names it.</summary>
public static class DeliveryProblems
{
    /// <summary>The stored address is not an email address: correct it.</summary>
    public const string InvalidAddress = "invalid-address";

    /// <summary>Not sent because the address is restricted after repeated delivery failures.</summary>
    public const string Restricted = "restricted";

    /// <summary>The mail service refused the message for good (it named the address or the content).</summary>
    public const string Refused = "refused";

    /// <summary>Every attempt failed on a passing problem (the mail service out of reach); no more attempts.</summary>
    public const string GaveUp = "gave-up";

    /// <summary>A passing problem; it is retried automatically.</summary>
    public const string Retrying = "retrying";

    /// <summary>Failed on our side (the message could not be read back to be sent).</summary>
    public const string Internal = "internal";
}

/// <summary>
/// Query of GET employees: free text matches name, email, login ID and employee number; sorted by one of
/// <see cref="ListParameters.EmployeeSorts"/> (employee number by default), ascending unless <c>desc</c>.
/// </summary>
public sealed record EmployeeQuery(Guid? CompanyId, string? Text, string? State, int Page = 1, int PageSize = 50,
    string? Sort = null, string? Direction = null);

/// <summary>Enrols an employee: temporary credentials are issued and the instruction email queued.</summary>
public sealed record CreateEmployeeRequest(Guid CompanyId, string? EmployeeNumber, string? DisplayName, string? Email, string? Locale)
    : INewEmployeeFields;

public sealed record UpdateEmployeeEmailRequest(string? Email);

/// <summary>
/// The answer to an address correction: <see cref="InstructionSent"/> when new temporary credentials went to the new address
/// (decision 0010); otherwise <see cref="NextStep"/> names what would get the employee their instruction email
/// (<see cref="EmployeeNextSteps"/>), or null when nothing is to be sent (permanent credentials).
/// </summary>
public sealed record EmailCorrectionResult(bool Changed, string Outcome, bool InstructionSent, string? NextStep);

/// <summary>What the admin site offers at once after an address correction.</summary>
public static class EmployeeNextSteps
{
    public const string Resend = "resend";
    public const string LiftRestriction = "lift-restriction";
    public const string Resume = "resume";
}

/// <summary>The profile an admin edits: name, employee number (unique in the company) and the language of the employee's emails.</summary>
public sealed record UpdateEmployeeRequest(string? EmployeeNumber, string? DisplayName, string? Locale);

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

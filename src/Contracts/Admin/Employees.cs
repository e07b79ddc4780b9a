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
    IReadOnlyList<AuditEntryDto> History);

public sealed record EmailDeliveryDto(long Id, string Kind, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? LastError);

/// <summary>Query of GET employees: free text matches name, email, login ID and employee number.</summary>
public sealed record EmployeeQuery(Guid? CompanyId, string? Text, string? State, int Page = 1, int PageSize = 50);

/// <summary>Enrols an employee: temporary credentials are issued and the instruction email queued.</summary>
public sealed record CreateEmployeeRequest(Guid CompanyId, string? EmployeeNumber, string? DisplayName, string? Email, string? Locale);

public sealed record UpdateEmployeeEmailRequest(string? Email);

/// <summary>What a created or reissued account's instruction email carries is never returned: only where it went.</summary>
public sealed record EmployeeCreated(Guid Id, string LoginId, DateTimeOffset TemporaryExpiresAt);

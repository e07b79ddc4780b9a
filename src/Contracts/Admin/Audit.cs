namespace Harmony.Identity.Contracts.Admin;

/// <summary>
/// One audit entry. <see cref="Details"/> is the stored text (English, for operators and older readers);
/// <see cref="Facts"/> is what it says as named values (see <c>docs/decisions/0022</c>), from which the admin site writes
/// the sentence in the reader's language. Instants in facts are ISO 8601 in UTC.
/// </summary>
public sealed record AuditEntryDto(
    long Id,
    DateTimeOffset OccurredAt,
    string Event,
    string? Reason,
    Guid? UserId,
    Guid? CompanyId,
    string? ClientId,
    string? IpAddress,
    string? UserAgent,
    string? ReferenceCode,
    string? Actor,
    string? Details,
    string? ActorName = null,
    string? ActorRole = null,
    string? AccountName = null,
    string? ClientName = null,
    IReadOnlyDictionary<string, string>? Facts = null);

/// <summary>
/// Who acted on an audit entry, as <see cref="AuditEntryDto.ActorRole"/> names it; <see cref="AuditEntryDto.ActorName"/> is
/// the person's name, the app's display name, or the job's or service's key. Resolved when the log is read: a person's
/// current name and role.
/// </summary>
public static class ActorRoles
{
    public const string Operator = HarmonyRoles.Operator;
    public const string CompanyAdmin = HarmonyRoles.CompanyAdmin;

    /// <summary>An admin account that no longer holds an admin role, or no longer exists.</summary>
    public const string FormerAdmin = "former-admin";

    /// <summary>An app acting through client credentials (automation).</summary>
    public const string Client = "client";

    /// <summary>A scheduled job of the server (the name is its key, e.g. <c>email-outbox-dispatch</c>).</summary>
    public const string Job = "job";

    /// <summary>A mail provider's delivery report (the name is the provider, e.g. <c>sendgrid</c>).</summary>
    public const string Provider = "provider";

    /// <summary>The account's own holder (signing in, converting, resetting).</summary>
    public const string Employee = "employee";
}

/// <summary>
/// Query of GET audit. <see cref="Person"/> finds the events of the accounts whose login ID, name, email or employee
/// number contains it; <see cref="Event"/> is one event name (<c>SignInFailed</c>…).
/// </summary>
public sealed record AuditQuery(Guid? UserId, Guid? CompanyId, string? ReferenceCode, DateTimeOffset? From, DateTimeOffset? To, int Page = 1, int PageSize = 50,
    string? Person = null, string? Event = null);

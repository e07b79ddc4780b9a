namespace Harmony.Identity.Contracts.Admin;

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
    string? Details);

/// <summary>
/// Query of GET audit. <see cref="Person"/> finds the events of the accounts whose login ID, name, email or employee
/// number contains it; <see cref="Event"/> is one event name (<c>SignInFailed</c>…).
/// </summary>
public sealed record AuditQuery(Guid? UserId, Guid? CompanyId, string? ReferenceCode, DateTimeOffset? From, DateTimeOffset? To, int Page = 1, int PageSize = 50,
    string? Person = null, string? Event = null);

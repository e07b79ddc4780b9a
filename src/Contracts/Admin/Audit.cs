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

public sealed record AuditQuery(Guid? UserId, Guid? CompanyId, string? ReferenceCode, DateTimeOffset? From, DateTimeOffset? To, int Page = 1, int PageSize = 50);

namespace Harmony.Identity.Contracts.Admin;

public sealed record CompanyPolicyDto(
    int LockoutThreshold,
    int LockoutDurationHours,
    int TemporaryValidityDays,
    string SecondFactor,
    int RememberBrowserDays);

public sealed record CompanySummary(Guid Id, string Code, string NameJa, string NameEn, bool IsActive, int EmployeeCount);

public sealed record CompanyDetail(
    Guid Id,
    string Code,
    string NameJa,
    string NameEn,
    bool IsActive,
    CompanyPolicyDto Policy,
    bool RestrictClients,
    IReadOnlyList<string> AllowedClients,
    DateTimeOffset CreatedAt);

/// <summary>Operators only. Policy null = the configured defaults.</summary>
public sealed record CreateCompanyRequest(string? Code, string? NameJa, string? NameEn, CompanyPolicyDto? Policy);

/// <summary>Operators only.</summary>
public sealed record UpdateCompanyRequest(
    string? Code,
    string? NameJa,
    string? NameEn,
    CompanyPolicyDto? Policy,
    bool RestrictClients,
    IReadOnlyList<string>? AllowedClients);

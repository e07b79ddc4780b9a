namespace Harmony.Identity.Contracts.Admin;

/// <param name="PasswordRules">
/// <c>Faq</c> (the FAQ's composition rules) or <c>Nist</c> (NIST SP 800-63B rev. 4: length first); null, in a request,
/// means <c>Faq</c>. Both screen out common passwords (decision 0024).
/// </param>
/// <param name="AutoApproveReissue">
/// Reissue requests from the expired-credentials page are approved at once, without a representative (decision 0028);
/// null, in a request, means off for a new company and unchanged on an update.
/// </param>
public sealed record CompanyPolicyDto(
    int LockoutThreshold,
    int LockoutDurationHours,
    int TemporaryValidityDays,
    string SecondFactor,
    int RememberBrowserDays,
    string? PasswordRules = null,
    bool? AutoApproveReissue = null);

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

/// <summary>
/// Operators only. Policy null = the configured defaults. With <see cref="FirstRepresentative"/> the company is created
/// with that employee enrolled (temporary credentials, instruction email) holding <c>company-admin</c>, in one save.
/// </summary>
public sealed record CreateCompanyRequest(
    string? Code, string? NameJa, string? NameEn, CompanyPolicyDto? Policy, NewRepresentative? FirstRepresentative = null);

/// <summary>Operators only.</summary>
public sealed record UpdateCompanyRequest(
    string? Code,
    string? NameJa,
    string? NameEn,
    CompanyPolicyDto? Policy,
    bool RestrictClients,
    IReadOnlyList<string>? AllowedClients);

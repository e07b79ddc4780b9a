namespace Harmony.Identity.Admin.Features.Roles;

/// <summary>
/// A grant or revoke of an admin role as the pages name it in their URLs (<c>/employees/{id}/roles/{role}/{change}</c>),
/// and the page it returns to (<c>back</c>: the company, the operators page, or else the employee).
/// </summary>
public sealed record RoleChange(string Role, bool Grant)
{
    public const string GrantWord = "grant";
    public const string RevokeWord = "revoke";

    public const string BackToCompany = "company";
    public const string BackToOperators = "operators";

    /// <summary>The text keys' middle part: <c>company-admin.grant</c>, <c>operator.revoke</c>…</summary>
    public string Key => $"{Role}.{(Grant ? GrantWord : RevokeWord)}";

    public static RoleChange? Parse(string role, string change) =>
        AdminRoleApi.Roles.Contains(role) && change is GrantWord or RevokeWord ? new RoleChange(role, change == GrantWord) : null;

    public static string Path(Guid employeeId, string role, bool grant, string? back = null) =>
        $"/employees/{employeeId}/roles/{role}/{(grant ? GrantWord : RevokeWord)}" + (back is null ? "" : $"?back={back}");
}

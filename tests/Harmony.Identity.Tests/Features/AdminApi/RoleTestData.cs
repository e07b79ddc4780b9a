using Harmony.Identity.Server.Features.AdminApi;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>Roles through the admin API as an operator calls it, and the support desk's company they need.</summary>
public static class RoleTestData
{
    /// <summary>The company whose accounts may become operators (<c>Harmony:Operators:CompanyCode</c>), created when missing.</summary>
    public static Task<Guid> SupportCompanyAsync(this HarmonyAppFactory app) => app.WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<HarmonyDbContext>();
        var code = services.GetRequiredService<IOptions<OperatorAccountsOptions>>().Value.CompanyCode;
        var existing = await db.Companies.AsNoTracking().Where(c => c.Code == code).Select(c => (Guid?)c.Id).SingleOrDefaultAsync();
        if (existing is { } id) return id;
        var company = new Company { Code = code, NameJa = "サポートデスク", NameEn = "Support desk", IsActive = true, CreatedAt = app.Time.GetUtcNow() };
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        return company.Id;
    });

    public static Task<HttpResponseMessage> GrantAsync(this AdminApiClient api, Guid employeeId, string role) =>
        api.SendAsync(HttpMethod.Put, RolePath(employeeId, role));

    public static Task<HttpResponseMessage> RevokeAsync(this AdminApiClient api, Guid employeeId, string role) =>
        api.SendAsync(HttpMethod.Delete, RolePath(employeeId, role));

    public static Task<IReadOnlyList<EmployeeSummary>> RepresentativesAsync(this AdminApiClient api, Guid companyId) =>
        api.GetAsync<IReadOnlyList<EmployeeSummary>>(AdminRoleApi.RepresentativesPath(companyId).TrimStart('/'));

    private static string RolePath(Guid employeeId, string role) => AdminRoleApi.RolePath(employeeId, role).TrimStart('/');
}

using ActionResult = Harmony.Identity.Contracts.Admin.ActionResult;

namespace Harmony.Identity.Admin.Features.Api;

/// <summary>The admin API's role endpoints (decision 0019).</summary>
public sealed partial class AdminApiClient
{
    public Task<ApiResult<IReadOnlyList<EmployeeSummary>>> ListRepresentativesAsync(Guid companyId, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<EmployeeSummary>>(Route(AdminRoleApi.RepresentativesPath(companyId)), cancellationToken);

    public Task<ApiResult<OperatorList>> ListOperatorsAsync(CancellationToken cancellationToken) =>
        GetAsync<OperatorList>(Route(AdminRoleApi.OperatorsPath), cancellationToken);

    /// <summary>Grants (<paramref name="grant"/>) or revokes <paramref name="role"/>; refusals (409, 404) come back as the problem.</summary>
    public Task<ApiResult<ActionResult>> ChangeRoleAsync(Guid employeeId, string role, bool grant, CancellationToken cancellationToken) =>
        SendJsonAsync<ActionResult>(grant ? HttpMethod.Put : HttpMethod.Delete, Route(AdminRoleApi.RolePath(employeeId, role)), null, cancellationToken);
}

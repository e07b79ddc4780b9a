namespace Harmony.Identity.Admin.Features.Api;

/// <summary>The dashboard and the bulk actions (decision 0020).</summary>
public sealed partial class AdminApiClient
{
    public Task<ApiResult<CompanyDashboard>> GetDashboardAsync(Guid companyId, CancellationToken cancellationToken) =>
        GetAsync<CompanyDashboard>(Route($"/companies/{companyId}/dashboard"), cancellationToken);

    /// <summary>Whom the action would reach and whom it would skip; nothing changes.</summary>
    public Task<ApiResult<BulkResult>> PreviewBulkAsync(BulkRequest body, CancellationToken cancellationToken) =>
        SendJsonAsync<BulkResult>(HttpMethod.Post, Route("/employees/bulk/preview"), body, cancellationToken);

    public Task<ApiResult<BulkResult>> RunBulkAsync(BulkRequest body, CancellationToken cancellationToken) =>
        SendJsonAsync<BulkResult>(HttpMethod.Post, Route("/employees/bulk"), body, cancellationToken);
}

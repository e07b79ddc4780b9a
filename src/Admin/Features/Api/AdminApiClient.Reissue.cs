using ActionResult = Harmony.Identity.Contracts.Admin.ActionResult;

namespace Harmony.Identity.Admin.Features.Api;

/// <summary>The admin API's reissue request endpoints (decision 0028).</summary>
public sealed partial class AdminApiClient
{
    /// <summary>The pending requests of <paramref name="companyId"/>, or of one employee of it.</summary>
    public Task<ApiResult<IReadOnlyList<ReissueRequestView>>> PendingReissueRequestsAsync(Guid companyId, Guid? employeeId,
        CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<ReissueRequestView>>(Query(ReissueRequestApi.Path,
            ("companyId", companyId.ToString()), ("employeeId", employeeId?.ToString())), cancellationToken);

    public Task<ApiResult<ActionResult>> ApproveReissueRequestAsync(Guid requestId, CancellationToken cancellationToken) =>
        SendJsonAsync<ActionResult>(HttpMethod.Post, Route(ReissueRequestApi.ApprovePath(requestId)), null, cancellationToken);

    public Task<ApiResult<ActionResult>> DeclineReissueRequestAsync(Guid requestId, string? reason, CancellationToken cancellationToken) =>
        SendJsonAsync<ActionResult>(HttpMethod.Post, Route(ReissueRequestApi.DeclinePath(requestId)), new DeclineReissueRequest(reason), cancellationToken);
}

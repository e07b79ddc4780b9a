using Microsoft.AspNetCore.Mvc.ViewComponents;

namespace Harmony.Identity.Admin.Features.Reissue;

/// <summary>
/// The pending reissue requests (decision 0028) of a company, or of one employee: who asked and when, with one-click
/// Approve and Decline buttons (<see cref="DecideModel"/>) that come back to the page they were pressed on. Shown on the
/// dashboard and on the employee's page; nothing when there is none.
/// </summary>
public sealed class ReissueRequestsViewComponent(AdminApiClient api) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid companyId, Guid? employeeId, string back)
    {
        var requests = (await api.PendingReissueRequestsAsync(companyId, employeeId, HttpContext.RequestAborted)).Value ?? [];
        return View("/Features/Reissue/_ReissueRequests.cshtml", new ReissueRequestsView(requests, employeeId is not null, back));
    }
}

/// <param name="OneEmployee">On the employee's page: no column naming the employee.</param>
/// <param name="Back">The local URL the buttons return to.</param>
public sealed record ReissueRequestsView(IReadOnlyList<ReissueRequestView> Requests, bool OneEmployee, string Back);

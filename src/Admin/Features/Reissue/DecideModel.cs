using Harmony.Identity.Web;

namespace Harmony.Identity.Admin.Features.Reissue;

/// <summary>
/// The Approve and Decline buttons of a reissue request (decision 0028): a POST that asks the API and goes back to the
/// page the button was on (POST-redirect-GET) with the API's sentence, or its refusal (decided already, no longer
/// expired, an admin account), as the status line. The API decides who may do what; a GET only goes back home.
/// </summary>
public sealed class DecideModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : PageModel
{
    public const string Approve = "approve";
    public const string Decline = "decline";

    public IActionResult OnGet() => LocalRedirect("~/");

    public async Task<IActionResult> OnPostAsync(Guid id, string decision, string? back, string? reason, CancellationToken cancellationToken)
    {
        var returnTo = LocalUrl.OrHome(back);
        if (decision is not (Approve or Decline)) return NotFound();
        if (reason?.Length > ReissueRequestApi.ReasonMaxLength)
        {
            TempData.SetStatus(AdminValidationTexts.Message(AdminValidationCodes.ReissueReasonLength), failed: true);
            return LocalRedirect(returnTo);
        }

        ApiResult<Contracts.Admin.ActionResult> answer;
        try
        {
            answer = decision == Approve
                ? await api.ApproveReissueRequestAsync(id, cancellationToken)
                : await api.DeclineReissueRequestAsync(id, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), cancellationToken);
        }
        catch (ApiForbiddenException refused)
        {
            TempData.SetStatus(refused.Detail ?? text["Form.Failed"], failed: true);
            return LocalRedirect(returnTo);
        }
        if (answer.Problem is { IsNotFound: true }) return NotFound();
        if (answer.Problem is { } problem) TempData.SetStatus(problem.Detail ?? text["Form.Failed"], failed: true);
        else TempData.SetStatus(answer.Value?.Outcome ?? text["Action.Done"]);
        return LocalRedirect(returnTo);
    }
}

using System.Security.Claims;

namespace Harmony.Identity.Admin.Features.Employees;

/// <summary>
/// What the employee pages share about actions: which ones the signed-in admin is offered on an account, and how the
/// API's answer to one becomes the status line of the employee's page.
/// </summary>
public static class EmployeeActionAnswers
{
    /// <summary>
    /// Whether to offer changing the address, suspending, resuming and resending (<see cref="AdminAccountRules"/>): not to a
    /// representative on an admin account. It only shapes the page; the API decides again on every call.
    /// </summary>
    public static bool MayManageCredentials(this ClaimsPrincipal user, EmployeeDetail employee) =>
        AdminAccountRules.MayManageCredentials(
            user.IsOperator() ? HarmonyRoles.Operator : user.IsRepresentative() ? HarmonyRoles.CompanyAdmin : null,
            employee.AdminRole);

    /// <summary>Back to the employee's page with the reason these actions are not offered on this account.</summary>
    public static IActionResult RefuseOnAdminAccount(this PageModel page, Guid id, IStringLocalizer<SharedResource> text)
    {
        page.TempData.SetStatus(text["Employee.AdminAccount.OperatorOnly"], failed: true);
        return new RedirectResult($"/employees/{id}");
    }

    /// <summary>Runs one action and carries what the API said, success or refusal, to the employee's page.</summary>
    public static async Task<IActionResult> RunActionAsync(this PageModel page, AdminApiClient api, Guid id, string action,
        IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        ApiResult<Contracts.Admin.ActionResult> answer;
        try
        {
            answer = await api.RunEmployeeActionAsync(id, action, cancellationToken);
        }
        catch (ApiForbiddenException refused)
        {
            // The API's reason (an admin account) belongs beside the employee, not on the generic "not authorized" page.
            page.TempData.SetStatus(refused.Detail ?? text["Form.Failed"], failed: true);
            return new RedirectResult($"/employees/{id}");
        }
        if (answer.Problem is { IsNotFound: true }) return new NotFoundResult();
        if (answer.Problem is { } problem) page.TempData.SetStatus(problem.Detail ?? text["Form.Failed"], failed: true);
        else page.TempData.SetStatus(answer.Value?.Outcome ?? text["Action.Done"]);
        return new RedirectResult($"/employees/{id}");
    }
}

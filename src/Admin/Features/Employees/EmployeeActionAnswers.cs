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

    /// <summary>
    /// Sends a form's request. A refusal (an admin account) or a problem goes into the form's error summary and gives null,
    /// for the page to be shown again; otherwise the answer (a "not found" included, for the page to map).
    /// </summary>
    public static async Task<ApiResult<T>?> SubmitFormAsync<T>(this PageModel page, Func<Task<ApiResult<T>>> send,
        IStringLocalizer<SharedResource> text)
    {
        ApiResult<T> answer;
        try
        {
            answer = await send();
        }
        catch (ApiForbiddenException refused)
        {
            // The API's reason goes in the form's error summary, where the admin is looking.
            page.ModelState.AddModelError("", refused.Detail ?? text["Form.Failed"]);
            return null;
        }
        if (answer.Problem is { IsNotFound: false } problem)
        {
            FormValidation.AddProblem(page.ModelState, problem, text["Form.Failed"]);
            return null;
        }
        return answer;
    }
}

/// <summary>A form about one employee (the address, the profile): the employee it is about, loaded from the API.</summary>
public abstract class EmployeeFormPage(AdminApiClient api) : PageModel
{
    public EmployeeDetail Employee { get; private set; } = null!;

    protected AdminApiClient Api { get; } = api;

    /// <summary>
    /// Loads the employee for the form's first showing: null when it may be shown; otherwise "not found", or back to the
    /// employee's page with the reason a representative is not offered this on an admin account.
    /// </summary>
    protected async Task<IActionResult?> LoadForChangeAsync(Guid id, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        return User.MayManageCredentials(Employee) ? null : this.RefuseOnAdminAccount(id, text);
    }

    protected async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var answer = await Api.GetEmployeeAsync(id, cancellationToken);
        if (answer.Value is null) return false;
        Employee = answer.Value;
        return true;
    }
}

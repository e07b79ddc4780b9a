namespace Harmony.Identity.Admin.Features.Employees;

/// <summary>
/// Corrects an employee's email address (FAQ: the instruction email went to a wrong address). The API's answer says what
/// followed: the notice to the former address, and new temporary credentials for a temporary account.
/// </summary>
public sealed class EmailModel(AdminApiClient api, FormValidation validation, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public EmailInput Input { get; set; } = new();

    public EmployeeDetail Employee { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (!User.MayManageCredentials(Employee)) return this.RefuseOnAdminAccount(id, text);
        Input.Email = Employee.Email;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var request = new UpdateEmployeeEmailRequest(Input.Email?.Trim());
        if (!validation.Check(request, ModelState)) return Page();

        ApiResult<Contracts.Admin.ActionResult> answer;
        try
        {
            answer = await api.UpdateEmployeeEmailAsync(id, request, cancellationToken);
        }
        catch (ApiForbiddenException refused)
        {
            // An admin account: the API's reason goes in the form's error summary, where the admin is looking.
            ModelState.AddModelError("", refused.Detail ?? text["Form.Failed"]);
            return Page();
        }
        if (answer.Problem is { IsNotFound: true }) return NotFound();
        if (answer.Problem is { } problem)
        {
            FormValidation.AddProblem(ModelState, problem, text["Form.Failed"]);
            return Page();
        }
        TempData.SetStatus(answer.Value?.Outcome ?? text["Employees.EmailChanged", request.Email ?? ""]);
        return Redirect($"/employees/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var answer = await api.GetEmployeeAsync(id, cancellationToken);
        if (answer.Value is null) return false;
        Employee = answer.Value;
        return true;
    }
}

public sealed class EmailInput
{
    public string? Email { get; set; }
}

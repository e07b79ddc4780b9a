namespace Harmony.Identity.Admin.Features.Employees;

/// <summary>
/// Corrects an employee's email address (FAQ: the instruction email went to a wrong address). The API's answer says what
/// followed: the notice to the former address, and new temporary credentials for a temporary account. When the correction
/// sent no instruction email to a temporary account, the employee's page offers the step that would (decision 0022).
/// </summary>
public sealed class EmailModel(AdminApiClient api, FormValidation validation, IStringLocalizer<SharedResource> text) : EmployeeFormPage(api)
{
    [BindProperty]
    public EmailInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadForChangeAsync(id, text, cancellationToken) is { } refused) return refused;
        Input.Email = Employee.Email;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var request = new UpdateEmployeeEmailRequest(Input.Email?.Trim());
        if (!validation.Check(request, ModelState)) return Page();

        var answer = await this.SubmitFormAsync(() => Api.UpdateEmployeeEmailAsync(id, request, cancellationToken), text);
        if (answer is not { } result) return Page();
        if (result.Problem is not null) return NotFound();
        var corrected = result.Value!;
        TempData.SetStatus(corrected.Outcome);
        if (corrected.NextStep is { } step) TempData[EmployeeNextStep.Key] = step;
        return Redirect($"/employees/{id}");
    }
}

public sealed class EmailInput
{
    public string? Email { get; set; }
}

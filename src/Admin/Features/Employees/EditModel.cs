namespace Harmony.Identity.Admin.Features.Employees;

/// <summary>
/// Edits an employee's name, employee number and the language of their emails (issue 12 item 6); the address has its own
/// page because correcting it voids what the old one received. A representative is not offered this on an admin account:
/// the API refuses it (decision 0022), and the page only mirrors that.
/// </summary>
public sealed class EditModel(AdminApiClient api, FormValidation validation, IStringLocalizer<SharedResource> text) : EmployeeFormPage(api)
{
    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadForChangeAsync(id, text, cancellationToken) is { } refused) return refused;
        Input = new ProfileInput
        {
            EmployeeNumber = Employee.EmployeeNumber,
            DisplayName = Employee.DisplayName,
            Locale = SupportedCultures.OfTag(Employee.Locale),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var request = new UpdateEmployeeRequest(Input.EmployeeNumber?.Trim(), Input.DisplayName?.Trim(), Input.Locale);
        if (!validation.Check(request, ModelState)) return Page();

        var answer = await this.SubmitFormAsync(() => Api.UpdateEmployeeAsync(id, request, cancellationToken), text);
        if (answer is not { } result) return Page();
        if (result.Problem is not null) return NotFound();
        TempData.SetStatus(result.Value!.Outcome);
        return Redirect($"/employees/{id}");
    }
}

/// <summary>The profile form; field names match <see cref="UpdateEmployeeRequest"/> so the API's field errors land beside them.</summary>
public sealed class ProfileInput
{
    public string? EmployeeNumber { get; set; }

    public string? DisplayName { get; set; }

    public string? Locale { get; set; } = SupportedCultures.Default;
}

namespace Harmony.Identity.Admin.Features.Employees;

/// <summary>
/// The confirmation page of the actions that take something away: suspend (ends every session at once) and resume,
/// which reissues temporary credentials and voids the old ones. Nothing happens until the admin presses the button.
/// </summary>
public sealed class ConfirmModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : PageModel
{
    public EmployeeDetail Employee { get; private set; } = null!;

    public string Operation { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, string operation, CancellationToken cancellationToken)
    {
        if (!EmployeeActions.Destructive.Contains(operation)) return NotFound();
        var answer = await api.GetEmployeeAsync(id, cancellationToken);
        if (answer.Value is null) return NotFound();
        Employee = answer.Value;
        if (!User.MayManageCredentials(Employee)) return this.RefuseOnAdminAccount(id, text);
        Operation = operation;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string operation, CancellationToken cancellationToken)
    {
        if (!EmployeeActions.Destructive.Contains(operation)) return NotFound();
        return await this.RunActionAsync(api, id, operation, text, cancellationToken);
    }
}

namespace Harmony.Identity.Admin.Features.Employees;

/// <summary>
/// One employee: state, credentials, last sign-in, email deliveries and audit history, with the actions a
/// representative takes. Actions that take nothing away (resend, unlock, lift restriction) run at once; suspend and
/// resume go through <see cref="ConfirmModel"/>. On an admin account a representative is offered unlock and lift only.
/// </summary>
public sealed class DetailModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : PageModel
{
    public EmployeeDetail Employee { get; private set; } = null!;

    public bool Has(string state) => Employee.States.Contains(state);

    /// <summary>False for a representative on an admin account: the page offers only unlock and lift restriction.</summary>
    public bool MayManageCredentials => User.MayManageCredentials(Employee);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var answer = await api.GetEmployeeAsync(id, cancellationToken);
        if (answer.Problem is not null) return NotFound();
        Employee = answer.Value!;
        return Page();
    }

    public Task<IActionResult> OnPostResendAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, EmployeeActions.Resend, cancellationToken);

    public Task<IActionResult> OnPostUnlockAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, EmployeeActions.Unlock, cancellationToken);

    /// <param name="then">The next step to offer once the restriction is lifted (resend, after an address correction).</param>
    public async Task<IActionResult> OnPostLiftRestrictionAsync(Guid id, string? then, CancellationToken cancellationToken)
    {
        var answer = await RunAsync(id, EmployeeActions.LiftRestriction, cancellationToken);
        if (then == EmployeeNextSteps.Resend && TempData.Peek(StatusMessages.FailedKey) is false) TempData[EmployeeNextStep.Key] = then;
        return answer;
    }

    private Task<IActionResult> RunAsync(Guid id, string action, CancellationToken cancellationToken) =>
        this.RunActionAsync(api, id, action, text, cancellationToken);
}

/// <summary>The step offered at once on the employee's page after an action (<see cref="EmployeeNextSteps"/>), carried across the redirect.</summary>
public static class EmployeeNextStep
{
    public const string Key = "harmony.next-step";
}

using Microsoft.AspNetCore.Authorization;

namespace Harmony.Identity.Admin.Features.Roles;

/// <summary>
/// The confirmation of a grant or revoke of <c>company-admin</c> or <c>operator</c> (operators only): says who, which
/// company and what follows; nothing changes until the operator presses the button. The API's sentence, or its refusal
/// (one's own or the last operator role, an account outside the support company), is the status line of the page it
/// returns to.
/// </summary>
[Authorize(Policy = AdminPolicies.Operator)]
public sealed class ConfirmRoleModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : PageModel
{
    public EmployeeDetail Employee { get; private set; } = null!;

    public CompanyDetail? Company { get; private set; }

    public RoleChange Change { get; private set; } = null!;

    /// <summary>Where the buttons lead back to.</summary>
    public string BackUrl { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, string role, string change, string? back, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, role, change, back, cancellationToken)) return NotFound();
        Company = (await api.GetCompanyAsync(Employee.CompanyId, cancellationToken)).Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string role, string change, string? back, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, role, change, back, cancellationToken)) return NotFound();
        var answer = await api.ChangeRoleAsync(id, Change.Role, Change.Grant, cancellationToken);
        if (answer.Problem is { IsNotFound: true }) return NotFound();
        if (answer.Problem is { } problem) TempData.SetStatus(problem.Detail ?? text["Form.Failed"], failed: true);
        else TempData.SetStatus(answer.Value?.Outcome ?? text["Action.Done"]);
        return Redirect(BackUrl);
    }

    private async Task<bool> LoadAsync(Guid id, string role, string change, string? back, CancellationToken cancellationToken)
    {
        if (RoleChange.Parse(role, change) is not { } parsed) return false;
        var answer = await api.GetEmployeeAsync(id, cancellationToken);
        if (answer.Value is null) return false;
        (Change, Employee) = (parsed, answer.Value);
        BackUrl = back switch
        {
            RoleChange.BackToCompany => $"/companies/{Employee.CompanyId}",
            RoleChange.BackToOperators => "/operators",
            _ => $"/employees/{id}",
        };
        return true;
    }
}

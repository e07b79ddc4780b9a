using Microsoft.AspNetCore.Authorization;

namespace Harmony.Identity.Admin.Features.Companies;

/// <summary>One company: names, code, policy and allowed apps. Operators edit it and activate it again from here.</summary>
public sealed class DetailModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : PageModel
{
    public CompanyDetail Company { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var answer = await api.GetCompanyAsync(id, cancellationToken);
        if (answer.Value is null) return NotFound();
        Company = answer.Value;
        return Page();
    }

    /// <summary>Activating takes nothing away, so it needs no confirmation (deactivating does: <see cref="DeactivateModel"/>).</summary>
    public async Task<IActionResult> OnPostActivateAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!User.IsOperator()) return Forbid();
        var answer = await api.SetCompanyActiveAsync(id, active: true, cancellationToken);
        if (answer.Problem is { IsNotFound: true }) return NotFound();
        if (answer.Problem is { } problem) TempData.SetStatus(problem.Detail ?? text["Form.Failed"], failed: true);
        else TempData.SetStatus(answer.Value?.Outcome ?? text["Action.Done"]);
        return Redirect($"/companies/{id}");
    }
}

/// <summary>Deactivation, confirmed on its own page: every employee of the company stops being able to sign in.</summary>
[Authorize(Policy = AdminPolicies.Operator)]
public sealed class DeactivateModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : PageModel
{
    public CompanyDetail Company { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var answer = await api.GetCompanyAsync(id, cancellationToken);
        if (answer.Value is null) return NotFound();
        Company = answer.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var answer = await api.SetCompanyActiveAsync(id, active: false, cancellationToken);
        if (answer.Problem is { IsNotFound: true }) return NotFound();
        if (answer.Problem is { } problem) TempData.SetStatus(problem.Detail ?? text["Form.Failed"], failed: true);
        else TempData.SetStatus(answer.Value?.Outcome ?? text["Action.Done"]);
        return Redirect($"/companies/{id}");
    }
}

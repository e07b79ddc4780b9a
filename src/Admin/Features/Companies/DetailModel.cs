using Microsoft.AspNetCore.Authorization;

namespace Harmony.Identity.Admin.Features.Companies;

/// <summary>A page about one company: reads it on GET, and changes whether it is active on POST.</summary>
public abstract class CompanyPageModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : PageModel
{
    public CompanyDetail Company { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var answer = await api.GetCompanyAsync(id, cancellationToken);
        if (answer.Value is null) return NotFound();
        Company = answer.Value;
        return Page();
    }

    /// <summary>Activates or deactivates, then shows the company with what happened (the API's sentence, or its refusal).</summary>
    protected async Task<IActionResult> SetActiveAsync(Guid id, bool active, CancellationToken cancellationToken)
    {
        var answer = await api.SetCompanyActiveAsync(id, active, cancellationToken);
        if (answer.Problem is { IsNotFound: true }) return NotFound();
        if (answer.Problem is { } problem) TempData.SetStatus(problem.Detail ?? text["Form.Failed"], failed: true);
        else TempData.SetStatus(answer.Value?.Outcome ?? text["Action.Done"]);
        return Redirect($"/companies/{id}");
    }
}

/// <summary>One company: names, code, policy and allowed apps. Operators edit it and activate it again from here.</summary>
public sealed class DetailModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : CompanyPageModel(api, text)
{
    /// <summary>Activating takes nothing away, so it needs no confirmation (deactivating does: <see cref="DeactivateModel"/>).</summary>
    public async Task<IActionResult> OnPostActivateAsync(Guid id, CancellationToken cancellationToken) =>
        User.IsOperator() ? await SetActiveAsync(id, active: true, cancellationToken) : Forbid();
}

/// <summary>Deactivation, confirmed on its own page: every employee of the company stops being able to sign in.</summary>
[Authorize(Policy = AdminPolicies.Operator)]
public sealed class DeactivateModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : CompanyPageModel(api, text)
{
    public Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken) => SetActiveAsync(id, active: false, cancellationToken);
}

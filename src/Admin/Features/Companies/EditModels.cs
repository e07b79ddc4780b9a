using Microsoft.AspNetCore.Authorization;

namespace Harmony.Identity.Admin.Features.Companies;

/// <summary>Creates a company with the configured default policy; the policy is edited afterwards.</summary>
[Authorize(Policy = AdminPolicies.Operator)]
public sealed class CreateModel(AdminApiClient api, FormValidation validation, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public NewCompanyInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = new CreateCompanyRequest(Input.Code?.Trim(), Input.NameJa?.Trim(), Input.NameEn?.Trim(), Policy: null,
            Input.FirstRepresentative.ToRequest());
        if (!validation.Check(request, ModelState)) return Page();
        var answer = await api.CreateCompanyAsync(request, cancellationToken);
        if (answer.Problem is { } problem)
        {
            FormValidation.AddProblem(ModelState, problem, text["Form.Failed"]);
            return Page();
        }
        TempData.SetStatus(request.FirstRepresentative is { } first
            ? text["Roles.CompanyCreatedWithRepresentative", request.Code ?? "", first.DisplayName ?? "", first.Email ?? ""]
            : text["Companies.Created", request.Code ?? ""]);
        return Redirect($"/companies/{answer.Value!.Id}");
    }
}

/// <summary>Edits code, names, policy and the apps the company's employees may use.</summary>
[Authorize(Policy = AdminPolicies.Operator)]
public sealed class EditModel(AdminApiClient api, FormValidation validation, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public CompanyInput Input { get; set; } = new();

    public CompanyDetail Company { get; private set; } = null!;

    public IReadOnlyList<ClientDto> Clients { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Input = CompanyInput.From(Company);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        // Numbers that did not parse are reported by model binding already (beside their fields).
        var request = Input.ToUpdate();
        if (!validation.Check(request, ModelState)) return Page();
        var answer = await api.UpdateCompanyAsync(id, request, cancellationToken);
        if (answer.Problem is { IsNotFound: true }) return NotFound();
        if (answer.Problem is { } problem)
        {
            FormValidation.AddProblem(ModelState, problem, text["Form.Failed"]);
            return Page();
        }
        TempData.SetStatus(text["Companies.Saved"]);
        return Redirect($"/companies/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var answer = await api.GetCompanyAsync(id, cancellationToken);
        if (answer.Value is null) return false;
        Company = answer.Value;
        Clients = (await api.ListClientsAsync(cancellationToken)).Value ?? [];
        return true;
    }
}

/// <summary>The company form; names match the API's requests so that field errors land beside their fields.</summary>
public class CompanyInput
{
    public string? Code { get; set; }

    public string? NameJa { get; set; }

    public string? NameEn { get; set; }

    public PolicyInput Policy { get; set; } = new();

    public bool RestrictClients { get; set; }

    public List<string> AllowedClients { get; set; } = [];

    public static CompanyInput From(CompanyDetail company) => new()
    {
        Code = company.Code,
        NameJa = company.NameJa,
        NameEn = company.NameEn,
        Policy = new PolicyInput
        {
            LockoutThreshold = company.Policy.LockoutThreshold,
            LockoutDurationHours = company.Policy.LockoutDurationHours,
            TemporaryValidityDays = company.Policy.TemporaryValidityDays,
            SecondFactor = company.Policy.SecondFactor,
            RememberBrowserDays = company.Policy.RememberBrowserDays,
            PasswordRules = company.Policy.PasswordRules,
            AutoApproveReissue = company.Policy.AutoApproveReissue ?? false,
        },
        RestrictClients = company.RestrictClients,
        AllowedClients = [.. company.AllowedClients],
    };

    public UpdateCompanyRequest ToUpdate() => new(
        Code?.Trim(),
        NameJa?.Trim(),
        NameEn?.Trim(),
        new CompanyPolicyDto(Policy.LockoutThreshold, Policy.LockoutDurationHours, Policy.TemporaryValidityDays, Policy.SecondFactor ?? "",
            Policy.RememberBrowserDays, Policy.PasswordRules, Policy.AutoApproveReissue),
        RestrictClients,
        AllowedClients);
}

public sealed class PolicyInput
{
    public int LockoutThreshold { get; set; }

    public int LockoutDurationHours { get; set; }

    public int TemporaryValidityDays { get; set; }

    public string? SecondFactor { get; set; }

    public int RememberBrowserDays { get; set; }

    /// <summary>One of <see cref="AdminFieldRules.PasswordRuleSets"/> (decision 0024).</summary>
    public string? PasswordRules { get; set; }

    /// <summary>Reissue requests approved at once, without a representative (decision 0028).</summary>
    public bool AutoApproveReissue { get; set; }
}

namespace Harmony.Identity.Admin.Features.Employees;

/// <summary>Enrols an employee: the server issues temporary credentials and queues the My Page instruction email.</summary>
public sealed class CreateModel(AdminApiClient api, FormValidation validation, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public EmployeeInput Input { get; set; } = new();

    public IReadOnlyList<CompanySummary> Companies { get; private set; } = [];

    public CompanyDetail? OwnCompany { get; private set; }

    public async Task OnGetAsync(Guid? companyId, CancellationToken cancellationToken)
    {
        Input.CompanyId = User.CompanyId() ?? companyId;
        await LoadChoicesAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // A representative enrols into their own company whatever the form says; the API checks it as well.
        if (User.CompanyId() is { } own) Input.CompanyId = own;
        var request = new CreateEmployeeRequest(Input.CompanyId ?? Guid.Empty, Input.EmployeeNumber?.Trim(), Input.DisplayName?.Trim(),
            Input.Email?.Trim(), Input.Locale);
        if (!validation.Check(request, ModelState))
        {
            await LoadChoicesAsync(cancellationToken);
            return Page();
        }

        var answer = await api.CreateEmployeeAsync(request, cancellationToken);
        if (answer.Problem is { } problem)
        {
            FormValidation.AddProblem(ModelState, problem, text["Form.Failed"]);
            await LoadChoicesAsync(cancellationToken);
            return Page();
        }
        var created = answer.Value!;
        TempData.SetStatus(text["Employees.Created", created.LoginId, request.Email ?? ""]);
        return Redirect($"/employees/{created.Id}");
    }

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        if (User.IsOperator()) Companies = await api.AllCompaniesAsync(cancellationToken);
        else if (User.CompanyId() is { } own) OwnCompany = (await api.GetCompanyAsync(own, cancellationToken)).Value;
    }
}

/// <summary>The enrolment form; field names match <see cref="CreateEmployeeRequest"/> so the API's field errors land beside them.</summary>
public sealed class EmployeeInput : INewEmployeeFields
{
    public Guid? CompanyId { get; set; }

    public string? EmployeeNumber { get; set; }

    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string Locale { get; set; } = SupportedCultures.Default;
}

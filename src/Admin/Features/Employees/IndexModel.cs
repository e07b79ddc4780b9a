namespace Harmony.Identity.Admin.Features.Employees;

/// <summary>
/// Employee search: free text over name, email, login ID and employee number, a state, and (operators) a company.
/// A representative always searches their own company: the API enforces it, the page does not offer another.
/// </summary>
public sealed class IndexModel(AdminApiClient api) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? CompanyId { get; set; }

    [BindProperty(SupportsGet = true, Name = PagerModel.PageParameter)]
    public int PageNumber { get; set; } = 1;

    public PagedResult<EmployeeSummary>? Result { get; private set; }

    public IReadOnlyList<CompanySummary> Companies { get; private set; } = [];

    public PagerModel? Pager { get; private set; }

    public string? Problem { get; private set; }

    public string CompanyCode(Guid companyId) => Companies.FirstOrDefault(c => c.Id == companyId)?.Code ?? "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.IsOperator()) Companies = await api.AllCompaniesAsync(cancellationToken);
        else CompanyId = User.CompanyId();
        if (State is not null && !EmployeeStates.All.Contains(State)) State = null;

        var answer = await api.SearchEmployeesAsync(
            new EmployeeQuery(CompanyId, Text?.Trim(), State, Math.Max(1, PageNumber), PageSize), cancellationToken);
        if (answer.Problem is { } problem)
        {
            Problem = problem.Detail ?? problem.Title;
            return;
        }
        Result = answer.Value;
        Pager = new PagerModel("/employees", new Dictionary<string, string?>
        {
            ["text"] = Text,
            ["state"] = State,
            ["companyId"] = User.IsOperator() ? CompanyId?.ToString() : null,
        }, Result!.Page, Result.PageSize, Result.Total);
    }
}

using Harmony.Identity.Admin.Hosting;
using Microsoft.Extensions.Options;
using static Harmony.Identity.Contracts.Admin.ListParameters;

namespace Harmony.Identity.Admin.Features.Employees;

/// <summary>
/// Employee search: free text over name, email, login ID and employee number, a state, and (operators) a company; sorted
/// by a column, a page size to choose, the total, and the same list as CSV (decision 0021). Everything is in the URL, so
/// that a filtered list can be linked (the dashboard links to <c>?state=…</c>). A representative always searches their
/// own company: the API enforces it, the page does not offer another.
/// </summary>
public sealed class IndexModel(AdminApiClient api, IOptions<AdminSiteOptions> site) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? CompanyId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Direction { get; set; }

    [BindProperty(SupportsGet = true, Name = ListLinks.PageSizeParameter)]
    public int? Size { get; set; }

    [BindProperty(SupportsGet = true, Name = PagerModel.PageParameter)]
    public int PageNumber { get; set; } = 1;

    public int PageSize => ListLinks.PageSizeOf(Size);

    public PagedResult<EmployeeSummary>? Result { get; private set; }

    public IReadOnlyList<CompanySummary> Companies { get; private set; } = [];

    public PagerModel? Pager { get; private set; }

    public ListLinks Links { get; private set; } = null!;

    public string? Problem { get; private set; }

    public string CompanyCode(Guid companyId) => Companies.FirstOrDefault(c => c.Id == companyId)?.Code ?? "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = await PrepareAsync(cancellationToken);
        var answer = await api.SearchEmployeesAsync(query, cancellationToken);
        if (answer.Problem is { } problem)
        {
            Problem = problem.Detail ?? problem.Title;
            return;
        }
        Result = answer.Value;
        Pager = Links.Pager(Result!.Page, Result.Total);
    }

    /// <summary>The list as CSV (<see cref="ListLinks.ExportUrl"/>): every employee the filter finds, in its order.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? encoding, CancellationToken cancellationToken)
    {
        var query = await PrepareAsync(cancellationToken);
        var answer = await api.ExportEmployeesAsync(query, encoding ?? CsvExports.Utf8, site.Value.DisplayTimeZone, cancellationToken);
        if (answer.Value is { } response) return await CsvDownload.PassOnAsync(HttpContext, response);
        await OnGetAsync(cancellationToken);
        Problem = answer.Problem!.Detail ?? answer.Problem.Title;
        return Page();
    }

    /// <summary>The query the URL asks for, with what the site does not offer dropped (the API would refuse it).</summary>
    private async Task<EmployeeQuery> PrepareAsync(CancellationToken cancellationToken)
    {
        if (User.IsOperator()) Companies = await api.AllCompaniesAsync(cancellationToken);
        else CompanyId = User.CompanyId();
        if (State is not null && !EmployeeStates.All.Contains(State)) State = null;
        if (Sort is not null && !EmployeeSorts.All.Contains(Sort)) Sort = null;
        Direction = Sort is null ? null : Direction == Descending ? Descending : Ascending;

        Links = new ListLinks("/employees", new Dictionary<string, string?>
        {
            ["text"] = Text,
            ["state"] = State,
            ["companyId"] = User.IsOperator() ? CompanyId?.ToString() : null,
        }, Sort, Direction, PageSize);
        return new EmployeeQuery(CompanyId, Text?.Trim(), State, Math.Max(1, PageNumber), PageSize, Sort, Direction);
    }
}

namespace Harmony.Identity.Admin.Features.Home;

/// <summary>
/// Where an admin lands: who they are, which company they act for, and that company's dashboard (decision 0020): its
/// employees by state, each count a link to the list filtered by that state and, where one bulk action resolves it, a
/// link to that action's confirmation. A representative sees their own company; an operator picks one.
/// </summary>
public sealed class IndexModel(AdminApiClient api) : PageModel
{
    /// <summary>The company whose dashboard is shown: always the representative's own; for an operator, the one picked.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? CompanyId { get; set; }

    public CompanyDetail? Company { get; private set; }

    public CompanyDashboard? Dashboard { get; private set; }

    public IReadOnlyList<CompanySummary> Companies { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.IsOperator()) Companies = await api.AllCompaniesAsync(cancellationToken);
        else CompanyId = User.CompanyId();
        if (CompanyId is not { } companyId) return;

        Company = (await api.GetCompanyAsync(companyId, cancellationToken)).Value;
        if (Company is not null) Dashboard = (await api.GetDashboardAsync(companyId, cancellationToken)).Value;
    }

    /// <summary>The employee list filtered by <paramref name="state"/> in the shown company.</summary>
    public string ListUrl(string state) => $"/employees?state={Uri.EscapeDataString(state)}&companyId={CompanyId}";

    /// <summary>The confirmation of <paramref name="action"/> on everyone in <paramref name="state"/>.</summary>
    public string ResolveUrl(string action, string state) =>
        $"/employees/bulk?operation={Uri.EscapeDataString(action)}&scope={Bulk.IndexModel.AllMatching}&state={Uri.EscapeDataString(state)}&companyId={CompanyId}";
}

namespace Harmony.Identity.Admin.Features.Home;

/// <summary>Where an admin lands: who they are, which company they act for, and the tasks at hand.</summary>
public sealed class IndexModel(AdminApiClient api) : PageModel
{
    public CompanyDetail? Company { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.CompanyId() is { } companyId)
        {
            Company = (await api.GetCompanyAsync(companyId, cancellationToken)).Value;
        }
    }
}

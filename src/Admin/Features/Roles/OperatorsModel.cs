using Microsoft.AspNetCore.Authorization;

namespace Harmony.Identity.Admin.Features.Roles;

/// <summary>The operator accounts, with their removal, and where new operators come from (the support company's accounts).</summary>
[Authorize(Policy = AdminPolicies.Operator)]
public sealed class OperatorsModel(AdminApiClient api) : PageModel
{
    public OperatorList Operators { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Operators = (await api.ListOperatorsAsync(cancellationToken)).Value!;
}

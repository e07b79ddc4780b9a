using Microsoft.AspNetCore.Mvc.ViewComponents;

namespace Harmony.Identity.Admin.Features.Roles;

/// <summary>
/// The representatives section of a company's page: who they are for every admin; for operators, the removal of each
/// and a search among the company's other employees to make one a representative (both through a confirmation page).
/// </summary>
public sealed class CompanyRepresentativesViewComponent(AdminApiClient api) : ViewComponent
{
    private const int CandidateCount = 10;

    public async Task<IViewComponentResult> InvokeAsync(Guid companyId, string? search)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var representatives = (await api.ListRepresentativesAsync(companyId, cancellationToken)).Value ?? [];
        IReadOnlyList<EmployeeSummary> candidates = [];
        var mayChange = UserClaimsPrincipal.IsOperator();
        if (mayChange && !string.IsNullOrWhiteSpace(search))
        {
            var found = await api.SearchEmployeesAsync(new EmployeeQuery(companyId, search.Trim(), null, 1, CandidateCount), cancellationToken);
            candidates = [.. (found.Value?.Items ?? []).Where(e => representatives.All(r => r.Id != e.Id))];
        }
        return View("/Features/Roles/_CompanyRepresentatives.cshtml",
            new CompanyRepresentativesView(companyId, new RoleHoldersView(representatives, HarmonyRoles.CompanyAdmin, RoleChange.BackToCompany, mayChange),
                search?.Trim(), candidates));
    }
}

public sealed record CompanyRepresentativesView(Guid CompanyId, RoleHoldersView Holders, string? Search, IReadOnlyList<EmployeeSummary> Candidates);

/// <summary>
/// The admin-role actions of an employee's page, for operators: make or remove a representative of the employee's
/// company; make or remove an operator when the employee belongs to the support company.
/// </summary>
public sealed class EmployeeRolesViewComponent(AdminApiClient api) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(EmployeeDetail employee)
    {
        if (!UserClaimsPrincipal.IsOperator()) return Content("");
        var cancellationToken = HttpContext.RequestAborted;
        var representatives = (await api.ListRepresentativesAsync(employee.CompanyId, cancellationToken)).Value ?? [];
        var operators = (await api.ListOperatorsAsync(cancellationToken)).Value;
        return View("/Features/Roles/_EmployeeRoles.cshtml", new EmployeeRolesView(
            employee,
            IsRepresentative: representatives.Any(r => r.Id == employee.Id),
            IsOperator: operators?.Operators.Any(o => o.Id == employee.Id) == true,
            MayBeOperator: operators?.CompanyId == employee.CompanyId));
    }
}

public sealed record EmployeeRolesView(EmployeeDetail Employee, bool IsRepresentative, bool IsOperator, bool MayBeOperator);

namespace Harmony.Identity.Admin.Features.Employees;

/// <summary>
/// A confirmed import's progress: a progress bar with "N / M" hashed, the page reloading itself every two seconds
/// (a meta refresh, no JavaScript) until the import has finished; then the employee list with the result, as before, or
/// the reason nothing was imported.
/// </summary>
public sealed class ImportStatusModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int RefreshSeconds = 2;

    public static string PathOf(Guid companyId, Guid importId) => $"/employees/import/{companyId}/{importId}";

    public EmployeeImportStatus Import { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid companyId, Guid importId, CancellationToken cancellationToken)
    {
        var answer = await api.GetEmployeeImportAsync(companyId, importId, cancellationToken);
        if (answer.Problem is not null || answer.Value is null) return NotFound();
        Import = answer.Value;
        if (Import.Status == EmployeeImportStatuses.Done)
        {
            TempData.SetStatus(text["Import.Imported", Import.ValidRows]);
            return Redirect($"/employees?companyId={companyId}");
        }
        return Page();
    }
}

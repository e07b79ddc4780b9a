namespace Harmony.Identity.Admin.Features.Companies;

/// <summary>Companies: operators list and search them all; a representative goes straight to their own.</summary>
public sealed class IndexModel(AdminApiClient api) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = PagerModel.PageParameter)]
    public int PageNumber { get; set; } = 1;

    public PagedResult<CompanySummary>? Result { get; private set; }

    public PagerModel? Pager { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.CompanyId() is { } own) return Redirect($"/companies/{own}");
        var answer = await api.ListCompaniesAsync(Text?.Trim(), Math.Max(1, PageNumber), PageSize, cancellationToken);
        Result = answer.Value;
        if (Result is not null)
        {
            Pager = new PagerModel("/companies", new Dictionary<string, string?> { ["text"] = Text }, Result.Page, Result.PageSize, Result.Total);
        }
        return Page();
    }
}

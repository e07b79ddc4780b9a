using Harmony.Identity.Admin.Hosting;

namespace Harmony.Identity.Admin.Features.Audit;

/// <summary>
/// The audit log: by account, company, the reference code an employee quotes from the "Failed to connect" page,
/// and time (typed in the site's time zone). Representatives see their own company's entries only (the API filters).
/// </summary>
public sealed class IndexModel(AdminApiClient api, DisplayTime time, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? CompanyId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReferenceCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? To { get; set; }

    [BindProperty(SupportsGet = true, Name = PagerModel.PageParameter)]
    public int PageNumber { get; set; } = 1;

    public PagedResult<AuditEntryDto>? Result { get; private set; }

    public IReadOnlyList<CompanySummary> Companies { get; private set; } = [];

    public PagerModel? Pager { get; private set; }

    public string InputValue(DateTime? local) => local?.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.IsOperator()) Companies = await api.AllCompaniesAsync(cancellationToken);
        else CompanyId = User.CompanyId();

        Guid? userId = null;
        if (!string.IsNullOrWhiteSpace(UserId))
        {
            if (Guid.TryParse(UserId.Trim(), out var parsed)) userId = parsed;
            else ModelState.AddModelError(nameof(UserId), text["Audit.BadAccount"]);
        }
        if (!ModelState.IsValid) return;

        var query = new AuditQuery(userId, CompanyId, string.IsNullOrWhiteSpace(ReferenceCode) ? null : ReferenceCode.Trim(),
            From is null ? null : time.FromLocal(From.Value), To is null ? null : time.FromLocal(To.Value),
            Math.Max(1, PageNumber), PageSize);
        var answer = await api.SearchAuditAsync(query, cancellationToken);
        if (answer.Problem is { } problem)
        {
            FormValidation.AddProblem(ModelState, problem, text["Form.Failed"], prefix: "");
            return;
        }
        Result = answer.Value;
        Pager = new PagerModel("/audit", new Dictionary<string, string?>
        {
            ["userId"] = UserId,
            ["companyId"] = User.IsOperator() ? CompanyId?.ToString() : null,
            ["referenceCode"] = ReferenceCode,
            ["from"] = From is null ? null : InputValue(From),
            ["to"] = To is null ? null : InputValue(To),
        }, Result!.Page, Result.PageSize, Result.Total);
    }
}

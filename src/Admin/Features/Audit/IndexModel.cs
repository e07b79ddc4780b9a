using Harmony.Identity.Admin.Hosting;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Admin.Features.Audit;

/// <summary>
/// The audit log: by the person (login ID, name, email or employee number; an employee's page links by account), the
/// event, company, the reference code an employee quotes from the "Failed to connect" page, and time (typed in the
/// site's time zone); a page size to choose, the total, and the same entries as CSV (decision 0021). Representatives
/// see their own company's entries only (the API filters).
/// </summary>
public sealed class IndexModel(AdminApiClient api, DisplayTime time, IStringLocalizer<SharedResource> text, IOptions<AdminSiteOptions> site)
    : PageModel
{
    /// <summary>The prefix of the events' names in the site's texts: the event filter offers every event the site can name.</summary>
    public const string EventTextPrefix = "Event.";

    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Person { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Event { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? CompanyId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReferenceCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? To { get; set; }

    [BindProperty(SupportsGet = true, Name = ListLinks.PageSizeParameter)]
    public int? Size { get; set; }

    [BindProperty(SupportsGet = true, Name = PagerModel.PageParameter)]
    public int PageNumber { get; set; } = 1;

    public int PageSize => ListLinks.PageSizeOf(Size);

    public PagedResult<AuditEntryDto>? Result { get; private set; }

    public IReadOnlyList<CompanySummary> Companies { get; private set; } = [];

    /// <summary>The events the filter offers, (name, words), in the words' order.</summary>
    public IReadOnlyList<(string Name, string Words)> Events { get; private set; } = [];

    public PagerModel? Pager { get; private set; }

    public ListLinks Links { get; private set; } = null!;

    /// <summary>The zone the times are shown and typed in.</summary>
    public string ZoneName => site.Value.DisplayTimeZone;

    /// <summary>The same search for every account (an employee's page links here by one).</summary>
    public string WithoutAccountUrl => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/audit",
        Request.Query.Where(p => p.Key is not ("userId" or PagerModel.PageParameter)).Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())));

    public string InputValue(DateTime? local) => local?.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (await PrepareAsync(cancellationToken) is not { } query) return;
        var answer = await api.SearchAuditAsync(query, cancellationToken);
        if (answer.Problem is { } problem)
        {
            FormValidation.AddProblem(ModelState, problem, text["Form.Failed"], prefix: "");
            return;
        }
        Result = answer.Value;
        Pager = Links.Pager(Result!.Page, Result.Total);
    }

    /// <summary>The entries as CSV (<see cref="ListLinks.ExportUrl"/>): every one the filter finds, newest first.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? encoding, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(cancellationToken) is { } query)
        {
            var answer = await api.ExportAuditAsync(query, encoding ?? CsvExports.Utf8, site.Value.DisplayTimeZone, cancellationToken);
            if (answer.Value is { } response) return await CsvDownload.PassOnAsync(HttpContext, response);
            await OnGetAsync(cancellationToken);
            FormValidation.AddProblem(ModelState, answer.Problem!, text["Form.Failed"], prefix: "");
        }
        return Page();
    }

    /// <summary>The query the URL asks for, or null (with the reason in the model state) when it cannot be asked.</summary>
    private async Task<AuditQuery?> PrepareAsync(CancellationToken cancellationToken)
    {
        if (User.IsOperator()) Companies = await api.AllCompaniesAsync(cancellationToken);
        else CompanyId = User.CompanyId();
        Events = text.GetAllStrings()
            .Where(s => s.Name.StartsWith(EventTextPrefix, StringComparison.Ordinal))
            .Select(s => (Name: s.Name[EventTextPrefix.Length..], Words: s.Value))
            .DistinctBy(e => e.Name)
            .OrderBy(e => e.Words, StringComparer.Create(System.Globalization.CultureInfo.CurrentUICulture, ignoreCase: true))
            .ToList();
        if (Event is not null && !ListParameters.IsEventName(Event)) Event = null;

        Guid? userId = null;
        if (!string.IsNullOrWhiteSpace(UserId))
        {
            if (Guid.TryParse(UserId.Trim(), out var parsed)) userId = parsed;
            else ModelState.AddModelError(nameof(UserId), text["Audit.BadAccount"]);
        }
        if (!ModelState.IsValid) return null;

        Links = new ListLinks("/audit", new Dictionary<string, string?>
        {
            ["userId"] = UserId,
            ["person"] = Person,
            ["event"] = Event,
            ["companyId"] = User.IsOperator() ? CompanyId?.ToString() : null,
            ["referenceCode"] = ReferenceCode,
            ["from"] = From is null ? null : InputValue(From),
            ["to"] = To is null ? null : InputValue(To),
        }, sort: null, direction: null, PageSize);
        return new AuditQuery(userId, CompanyId, string.IsNullOrWhiteSpace(ReferenceCode) ? null : ReferenceCode.Trim(),
            From is null ? null : time.FromLocal(From.Value), To is null ? null : time.FromLocal(To.Value),
            Math.Max(1, PageNumber), PageSize, string.IsNullOrWhiteSpace(Person) ? null : Person.Trim(), Event);
    }
}

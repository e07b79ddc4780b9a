using Microsoft.AspNetCore.WebUtilities;

namespace Harmony.Identity.Admin.Features.Bulk;

/// <summary>
/// A bulk action on the employees ticked on the list, or on every employee matching the list's filter: GET shows the
/// confirmation (how many, who, who will be skipped and why: the API's preview, nothing changes), POST runs it and shows
/// the result summary. The API decides every employee again when it runs; the site only mirrors it.
/// </summary>
public sealed class IndexModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>Names listed on the pages before "and N more".</summary>
    public const int NamesShown = 50;

    /// <summary>
    /// Employees per API call when the site runs an action: each call stays far inside the site's API timeout even when
    /// every employee gets a new password hash; the API itself takes up to <see cref="BulkActions.MaxEmployees"/>.
    /// </summary>
    public const int ChunkSize = 200;

    public const string AllMatching = "all";

    [BindProperty(SupportsGet = true)]
    public string? Operation { get; set; }

    [BindProperty(SupportsGet = true)]
    public List<Guid> Ids { get; set; } = [];

    /// <summary><see cref="AllMatching"/>: every employee matching the filter below; otherwise the ticked <see cref="Ids"/>.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Scope { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? CompanyId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Text { get; set; }

    /// <summary>
    /// For "all matching": the fingerprint of the employees the confirmation listed (<see cref="Fingerprint"/>). The
    /// filter is resolved again when the form is posted; when it now finds other people (someone enrolled or changed
    /// state meanwhile, or an old confirmation replayed), the new list is confirmed again instead of acted on.
    /// </summary>
    [BindProperty]
    public string? Confirmed { get; set; }

    /// <summary>The posted filter found other employees than the confirmation listed: the page confirms again.</summary>
    public bool SelectionChanged { get; private set; }

    public BulkResult? Preview { get; private set; }

    public BulkResult? Result { get; private set; }

    public string? Problem { get; private set; }

    public bool IsAllMatching => Scope == AllMatching;

    /// <summary>Back to the list this selection came from.</summary>
    public string ListUrl => QueryHelpers.AddQueryString("/employees", new Dictionary<string, string?>
    {
        ["text"] = Text,
        ["state"] = State,
        ["companyId"] = User.IsOperator() ? CompanyId?.ToString() : null,
    }.Where(p => !string.IsNullOrEmpty(p.Value)));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (RequestOrProblem() is not { } request) return;
        var answer = await api.PreviewBulkAsync(request, cancellationToken);
        Problem = ProblemText(answer.Problem);
        Preview = answer.Value;
    }

    public async Task OnPostAsync(CancellationToken cancellationToken)
    {
        if (RequestOrProblem() is not { } request) return;
        var ids = request.Ids;
        if (ids is null)
        {
            // A filter is resolved once, then run by ids in chunks: the same people the confirmation counted, as they are now.
            var resolved = await api.PreviewBulkAsync(request, cancellationToken);
            if ((Problem = ProblemText(resolved.Problem)) is not null) return;
            if (Confirmed != Fingerprint(resolved.Value!))
            {
                (Preview, SelectionChanged) = (resolved.Value, true);
                return;
            }
            ids = resolved.Value!.Items.Select(i => i.Id).ToList();
        }

        var items = new List<BulkItem>();
        foreach (var chunk in ids.Chunk(ChunkSize))
        {
            var answer = await api.RunBulkAsync(new BulkRequest(request.Action, chunk, null), cancellationToken);
            if ((Problem = ProblemText(answer.Problem)) is not null) return;
            items.AddRange(answer.Value!.Items);
        }
        var skipped = items.Count(i => i.Status == BulkResult.StatusSkipped);
        Result = new BulkResult(request.Action!, false, items.Count, items.Count - skipped, skipped, items);
    }

    /// <summary>
    /// Who a preview lists and what it says will happen to each, as one short text: the same people in the same states in
    /// any order give the same fingerprint. The state is in it because a person listed as skipped who has since become one
    /// the action reaches (resumed, or their email confirmed) would otherwise be acted on without being shown as such.
    /// </summary>
    public static string Fingerprint(BulkResult preview)
    {
        var entries = string.Join(",", preview.Items.Select(i => $"{i.Id}:{i.Status}:{i.Reason}").Order(StringComparer.Ordinal));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(entries)))[..32];
    }

    /// <summary>The API request this page stands for, or null with <see cref="Problem"/> set when there is nothing to ask.</summary>
    private BulkRequest? RequestOrProblem()
    {
        if (!User.IsOperator()) CompanyId = User.CompanyId();
        if (Operation is null || !BulkActions.All.Contains(Operation))
        {
            Operation = null;
            Problem = text["Bulk.NoAction"];
            return null;
        }
        if (IsAllMatching)
        {
            if (CompanyId is null) Problem = text["Bulk.ChooseCompany"];
            return Problem is null ? new BulkRequest(Operation, null, new BulkFilter(CompanyId, State, Text)) : null;
        }
        if (Ids.Count == 0) Problem = text["Bulk.NothingSelected"];
        return Problem is null ? new BulkRequest(Operation, Ids.Distinct().ToList(), null) : null;
    }

    private string? ProblemText(ApiProblem? problem) =>
        problem is null ? null : problem.Detail ?? problem.Errors.Values.SelectMany(e => e).FirstOrDefault() ?? text["Form.Failed"];
}

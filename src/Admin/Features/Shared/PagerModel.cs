using Microsoft.AspNetCore.WebUtilities;

namespace Harmony.Identity.Admin.Features.Shared;

/// <summary>
/// The pager of a paged list: the total, first/previous/next/last links and the page numbers around the current page;
/// the other query parameters (filters, sort, page size) are kept.
/// </summary>
public sealed record PagerModel(string Path, IReadOnlyDictionary<string, string?> Query, int Page, int PageSize, int Total)
{
    /// <summary>The query parameter of the page number ("page" is taken: Razor Pages route the page's name by it).</summary>
    public const string PageParameter = "pageNumber";

    /// <summary>How many page numbers are shown on each side of the current one.</summary>
    private const int Around = 2;

    public int First => Total == 0 ? 0 : (Page - 1) * PageSize + 1;

    public int Last => Math.Min(Total, Page * PageSize);

    public bool HasNext => Page * PageSize < Total;

    /// <summary>The number of the last page (1 for an empty list).</summary>
    public int LastPage => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The page numbers linked around the current page.</summary>
    public IEnumerable<int> Numbers => Enumerable.Range(1, LastPage).Where(n => Math.Abs(n - Page) <= Around);

    public string UrlFor(int page)
    {
        var query = Query.Where(p => !string.IsNullOrEmpty(p.Value) && p.Key != PageParameter)
            .Append(KeyValuePair.Create(PageParameter, (string?)page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(Path, query);
    }
}

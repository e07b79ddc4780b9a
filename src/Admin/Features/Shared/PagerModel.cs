using Microsoft.AspNetCore.WebUtilities;

namespace Harmony.Identity.Admin.Features.Shared;

/// <summary>Previous/next links of a paged list; the other query parameters are kept.</summary>
public sealed record PagerModel(string Path, IReadOnlyDictionary<string, string?> Query, int Page, int PageSize, int Total)
{
    /// <summary>The query parameter of the page number ("page" is taken: Razor Pages route the page's name by it).</summary>
    public const string PageParameter = "pageNumber";

    public int First => Total == 0 ? 0 : (Page - 1) * PageSize + 1;

    public int Last => Math.Min(Total, Page * PageSize);

    public bool HasNext => Page * PageSize < Total;

    public string UrlFor(int page)
    {
        var query = Query.Where(p => !string.IsNullOrEmpty(p.Value) && p.Key != PageParameter)
            .Append(KeyValuePair.Create(PageParameter, (string?)page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(Path, query);
    }
}

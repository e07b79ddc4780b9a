using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Harmony.Identity.Admin.Features.Shared;

/// <summary>
/// The links of a filtered list page (decision 0021): every filter, the sort and the page size stay in the URL, so that
/// a list can be linked and bookmarked; the column headers, the pager and the CSV download links are built from it.
/// </summary>
public sealed class ListLinks(string path, IReadOnlyDictionary<string, string?> filter, string? sort, string? direction, int pageSize)
{
    public const string PageSizeParameter = "pageSize";

    /// <summary>The Razor Pages handler of the CSV download, on the list page itself (<c>OnGetExportAsync</c>).</summary>
    public const string ExportHandler = "export";

    /// <summary>A page size the site offers, or the default for anything else.</summary>
    public static int PageSizeOf(int? asked) =>
        asked is { } size && ListParameters.PageSizes.Contains(size) ? size : ListParameters.DefaultPageSize;

    public bool Descending => direction == ListParameters.Descending;

    /// <summary>The list sorted by <paramref name="column"/>: ascending first, the other way when it is already sorted by it.</summary>
    public string SortUrl(string column, bool isDefault = false) =>
        Url(Current().Concat([
            KeyValuePair.Create("sort", (string?)column),
            KeyValuePair.Create("direction", (string?)(IsSortedBy(column, isDefault) && !Descending ? ListParameters.Descending : ListParameters.Ascending)),
        ]));

    /// <summary>The value of the column header's <c>aria-sort</c>, or null when the list is not sorted by it.</summary>
    public string? AriaSort(string column, bool isDefault = false) =>
        IsSortedBy(column, isDefault) ? (Descending ? "descending" : "ascending") : null;

    /// <summary>The CSV download of everything the filter finds, in the list's order.</summary>
    public string ExportUrl(string encoding) =>
        Url(Current().Concat([
            KeyValuePair.Create("handler", (string?)ExportHandler),
            KeyValuePair.Create(CsvExports.EncodingParameter, (string?)encoding),
        ]));

    public PagerModel Pager(int page, int total) =>
        new(path, Current().ToDictionary(p => p.Key, p => p.Value), page, pageSize, total);

    private bool IsSortedBy(string column, bool isDefault) => sort == column || (sort is null && isDefault);

    private IEnumerable<KeyValuePair<string, string?>> Current()
    {
        var query = filter.AsEnumerable();
        if (sort is not null) query = query.Append(KeyValuePair.Create("sort", (string?)sort)).Append(KeyValuePair.Create("direction", direction));
        if (pageSize != ListParameters.DefaultPageSize)
        {
            query = query.Append(KeyValuePair.Create(PageSizeParameter, (string?)pageSize.ToString(CultureInfo.InvariantCulture)));
        }
        return query;
    }

    private string Url(IEnumerable<KeyValuePair<string, string?>> query) =>
        QueryHelpers.AddQueryString(path, query.Where(p => !string.IsNullOrEmpty(p.Value)).GroupBy(p => p.Key).Select(g => g.Last()));
}

/// <summary>Passes a CSV export of the admin API on to the browser as it arrives, without holding it.</summary>
public static class CsvDownload
{
    public static async Task<IActionResult> PassOnAsync(HttpContext context, HttpResponseMessage response)
    {
        context.Response.RegisterForDispose(response);
        var headers = response.Content.Headers;
        return new FileStreamResult(await response.Content.ReadAsStreamAsync(context.RequestAborted), headers.ContentType?.ToString() ?? "text/csv")
        {
            FileDownloadName = headers.ContentDisposition?.FileNameStar ?? headers.ContentDisposition?.FileName?.Trim('"') ?? "export.csv",
        };
    }
}

/// <summary>A sortable column header (<c>_SortHeader.cshtml</c>); <see cref="IsDefault"/> for the column the list sorts by unasked.</summary>
public sealed record SortHeader(ListLinks Links, string Column, string Label, bool IsDefault = false);

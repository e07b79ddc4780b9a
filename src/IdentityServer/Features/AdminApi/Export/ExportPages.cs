using System.Runtime.CompilerServices;

namespace Harmony.Identity.Server.Features.AdminApi.Export;

/// <summary>
/// An export's rows read a page at a time. EF Core buffers the whole result of a query when the execution strategy
/// retries on failure (the SQL Server and PostgreSQL configurations do), so one streamed query would hold up to
/// <see cref="Harmony.Identity.Contracts.Admin.CsvExports.MaxRows"/> rows in memory there; pages bound it on every
/// database. The query must have a total order (the lists end their order with the row's ID), so that pages neither
/// overlap nor skip.
/// </summary>
public static class ExportPages
{
    public const int PageSize = 1_000;

    public static async IAsyncEnumerable<T> InPagesAsync<T>(this IQueryable<T> ordered,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var skip = 0; ; skip += PageSize)
        {
            var page = await ordered.Skip(skip).Take(PageSize).ToListAsync(cancellationToken);
            foreach (var row in page) yield return row;
            if (page.Count < PageSize) yield break;
        }
    }
}

using Harmony.Identity.Contracts.Admin;
namespace Harmony.Identity.Server.Features.AdminApi.Export;

/// <summary>
/// What the CSV exports write in words, in the request's language: the column headers (times name their zone) and the
/// states. The texts are in <c>ExportTexts.resx</c>.
/// </summary>
public static class ExportTexts
{
    private static readonly TextResource Texts = new(typeof(ExportTexts));

    public static string Column(string name) => Texts.Get("Column." + name);

    /// <summary>A time column's header, naming the zone its values are in.</summary>
    public static string TimeColumn(string name, string zone) => Texts.Format("Column." + name, zone);

    public static string States(IEnumerable<string> states) =>
        string.Join(SupportedCultures.IsEnglish() ? ", " : "・", states.Select(state => Texts.Get("State." + state)));

    public static string TooManyRows(int rows) => Texts.Format(nameof(TooManyRows), rows, CsvExports.MaxRows);
}

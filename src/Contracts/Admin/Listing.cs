using System.Globalization;
using System.Text.RegularExpressions;

namespace Harmony.Identity.Contracts.Admin;

/// <summary>
/// The query parameters of the employee list, the audit log and their CSV exports beyond paging (decision 0021): sort
/// column and direction, audit event and the export's encoding and time zone. The server refuses a value outside these
/// lists with a validation problem; the admin site offers only these.
/// </summary>
public static partial class ListParameters
{
    /// <summary>The columns the employee list sorts by. Every sort ends with the account ID, so pages never overlap.</summary>
    public static class EmployeeSorts
    {
        public const string EmployeeNumber = "employeeNumber";
        public const string Name = "name";
        public const string LoginId = "loginId";
        public const string Email = "email";
        public const string LastSignIn = "lastSignIn";

        public static readonly IReadOnlyList<string> All = [EmployeeNumber, Name, LoginId, Email, LastSignIn];
    }

    public const string Ascending = "asc";
    public const string Descending = "desc";

    public static readonly IReadOnlyList<string> Directions = [Ascending, Descending];

    /// <summary>The page sizes the admin site offers; the API takes any size from 1 to its maximum.</summary>
    public static readonly IReadOnlyList<int> PageSizes = [25, 50, 100, 200];

    public const int DefaultPageSize = 25;

    /// <summary>An audit event name as the server writes them (PascalCase letters); any such name may be asked for.</summary>
    public static bool IsEventName(string? name) => name is not null && EventName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex EventName();
}

/// <summary>
/// The CSV exports of the employee list and the audit log (<c>GET employees/export</c>, <c>GET audit/export</c>): their
/// parameters beside the list's, encodings and limit.
/// </summary>
public static class CsvExports
{
    public const string EncodingParameter = "encoding";
    public const string TimeZoneParameter = "timeZone";

    /// <summary>UTF-8 with a byte order mark, so that Excel reads it as UTF-8: every character survives.</summary>
    public const string Utf8 = "utf-8";

    /// <summary>Code page 932 (Windows-31J), what Excel in Japan opens without asking; other characters become "?".</summary>
    public const string ShiftJis = "shift_jis";

    public static readonly IReadOnlyList<string> Encodings = [Utf8, ShiftJis];

    /// <summary>More rows than this are refused: the filter must narrow the export first.</summary>
    public const int MaxRows = 100_000;

    /// <summary>Japan's zone, which the product's default display time names.</summary>
    public const string JapanTimeZone = "Asia/Tokyo";

    /// <summary>
    /// The zone named <paramref name="id"/> (IANA or Windows name), or null. Japan time is known even on a machine
    /// without time-zone data, as the admin site's display time is.
    /// </summary>
    public static TimeZoneInfo? FindTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone
        : id == JapanTimeZone ? TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(9), "JST", "JST")
        : null;
}

/// <summary>
/// The validation failures of the list parameters: (parameter name, code), empty when every value is known. An empty
/// value is no value (a form's "any" option sends one).
/// </summary>
public static class ListValidation
{
    public const string SortUnknown = "sort-unknown";
    public const string DirectionUnknown = "direction-unknown";
    public const string EventFormat = "event-format";
    public const string EncodingUnknown = "export-encoding-unknown";
    public const string TimeZoneUnknown = "time-zone-unknown";

    public static IEnumerable<(string Parameter, string Code)> OfEmployeeList(string? sort, string? direction)
    {
        if (!string.IsNullOrEmpty(sort) && !ListParameters.EmployeeSorts.All.Contains(sort)) yield return ("sort", SortUnknown);
        if (!string.IsNullOrEmpty(direction) && !ListParameters.Directions.Contains(direction)) yield return ("direction", DirectionUnknown);
    }

    public static IEnumerable<(string Parameter, string Code)> OfAudit(string? @event)
    {
        if (!string.IsNullOrEmpty(@event) && !ListParameters.IsEventName(@event)) yield return ("event", EventFormat);
    }

    public static IEnumerable<(string Parameter, string Code)> OfExport(string? encoding, string? timeZone)
    {
        if (!string.IsNullOrEmpty(encoding) && !CsvExports.Encodings.Contains(encoding)) yield return (CsvExports.EncodingParameter, EncodingUnknown);
        if (!string.IsNullOrEmpty(timeZone) && CsvExports.FindTimeZone(timeZone) is null) yield return (CsvExports.TimeZoneParameter, TimeZoneUnknown);
    }

    /// <summary>The message of a failed parameter, in <paramref name="culture"/> (default: the current UI culture).</summary>
    public static string Message(string code, CultureInfo? culture = null) =>
        ContractTexts.Resource.Format("AdminValidation." + code, culture, code switch
        {
            SortUnknown => [string.Join(", ", ListParameters.EmployeeSorts.All)],
            DirectionUnknown => [string.Join(", ", ListParameters.Directions)],
            EncodingUnknown => [string.Join(", ", CsvExports.Encodings)],
            _ => [],
        });
}

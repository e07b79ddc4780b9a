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
/// The validation failures of the list parameters: (property name, <see cref="AdminValidationCodes"/> code), empty when
/// every value is known. An empty value is no value (a form's "any" option sends one).
/// </summary>
public static class ListValidation
{
    public static IEnumerable<(string Property, string Code)> OfEmployeeList(string? state, string? sort, string? direction)
    {
        if (!string.IsNullOrWhiteSpace(state) && !EmployeeStates.All.Contains(state.Trim().ToLowerInvariant()))
        {
            yield return (nameof(EmployeeQuery.State), AdminValidationCodes.StateUnknown);
        }
        if (!string.IsNullOrEmpty(sort) && !ListParameters.EmployeeSorts.All.Contains(sort)) yield return (nameof(EmployeeQuery.Sort), AdminValidationCodes.SortUnknown);
        if (!string.IsNullOrEmpty(direction) && !ListParameters.Directions.Contains(direction))
        {
            yield return (nameof(EmployeeQuery.Direction), AdminValidationCodes.DirectionUnknown);
        }
    }

    public static IEnumerable<(string Property, string Code)> OfAudit(string? @event)
    {
        if (!string.IsNullOrEmpty(@event) && !ListParameters.IsEventName(@event)) yield return (nameof(AuditQuery.Event), AdminValidationCodes.EventFormat);
    }

    public static IEnumerable<(string Property, string Code)> OfExport(string? encoding, string? timeZone)
    {
        if (!string.IsNullOrEmpty(encoding) && !CsvExports.Encodings.Contains(encoding)) yield return ("Encoding", AdminValidationCodes.ExportEncodingUnknown);
        if (!string.IsNullOrEmpty(timeZone) && CsvExports.FindTimeZone(timeZone) is null) yield return ("TimeZone", AdminValidationCodes.TimeZoneUnknown);
    }
}

namespace Harmony.Identity.Contracts.Admin;

/// <summary>
/// CSV import of employees (UTF-8 with or without BOM, or Shift_JIS). Columns, with a header line:
/// <c>employee_number,name,email,locale</c> (locale optional: ja or en). The first call validates the whole file and
/// imports nothing; a second call with <c>confirm=true</c> and the report's <see cref="ImportReport.FileHash"/>
/// imports exactly the valid rows, in one transaction.
/// </summary>
public sealed record ImportReport(
    string FileHash,
    string Encoding,
    int TotalRows,
    IReadOnlyList<ImportRow> ValidRows,
    IReadOnlyList<ImportRejection> RefusedRows,
    bool Imported);

public sealed record ImportRow(int Line, string EmployeeNumber, string DisplayName, string Email, string Locale);

/// <summary>A refused row: its line number in the file and why (a code and a message in the caller's language).</summary>
public sealed record ImportRejection(int Line, string Code, string Message);

public static class ImportRejectionCodes
{
    public const string BadColumns = "bad-columns";
    public const string MissingEmployeeNumber = "missing-employee-number";
    public const string MissingName = "missing-name";
    public const string BadEmail = "bad-email";
    public const string BadLocale = "bad-locale";
    public const string DuplicateInFile = "duplicate-in-file";
    public const string EmployeeNumberExists = "employee-number-exists";

    /// <summary>Line 1 is not a header naming the columns; no row of the file is read.</summary>
    public const string BadHeader = "bad-header";

    /// <summary>A quotation mark is left open (the rest of the file would be one field) or stands inside a field.</summary>
    public const string BadQuoting = "bad-quoting";

    public const string MissingEmail = "missing-email";

    /// <summary>A value longer than the account's field allows.</summary>
    public const string TooLong = "too-long";

    /// <summary>A line break, tab or other control character inside the employee number or the name.</summary>
    public const string BadCharacters = "bad-characters";
}

/// <summary>How the server read the file (<see cref="ImportReport.Encoding"/>).</summary>
public static class ImportEncodings
{
    public const string Utf8WithBom = "utf-8-bom";
    public const string Utf8 = "utf-8";

    /// <summary>Code page 932, what Excel in Japan writes for "CSV (comma delimited)".</summary>
    public const string ShiftJis = "shift_jis";
}

/// <summary>The import endpoint, its parameters and its limits, for the server and the admin site.</summary>
public static class EmployeeImportApi
{
    /// <summary>The multipart form field that carries the file.</summary>
    public const string FileField = "file";

    public const string ConfirmParameter = "confirm";
    public const string FileHashParameter = "fileHash";

    public const long MaxFileBytes = 5 * 1024 * 1024;

    /// <summary>Each row hashes a temporary password inside the one transaction: larger files are split.</summary>
    public const int MaxRows = 1000;

    public static string Path(Guid companyId) => $"{AdminApiRoutes.Base}/companies/{companyId}/employees/import";
}

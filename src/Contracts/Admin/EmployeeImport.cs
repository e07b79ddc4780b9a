namespace Harmony.Identity.Contracts.Admin;

/// <summary>
/// CSV import of employees (UTF-8 with or without BOM, or Shift_JIS). Columns, with a header line:
/// <c>employee_number,name,email,locale</c> (locale optional: ja or en). The first call validates the whole file and
/// imports nothing; a second call with <c>confirm=true</c> and the report's <see cref="ImportReport.FileHash"/>
/// starts a background import of exactly the valid rows (202 Accepted with an <see cref="EmployeeImportStatus"/> and its
/// Location); the rows are enrolled in one transaction once their temporary passwords are hashed, all or nothing.
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

    /// <summary>10,000 rows of about 150 bytes are 1.5 MB; the room left is for long names and addresses.</summary>
    public const long MaxFileBytes = 5 * 1024 * 1024;

    /// <summary>
    /// The temporary passwords are hashed by a background job, outside the request and outside the transaction that
    /// enrols the rows, so the limit is what one transaction and one job's memory hold comfortably.
    /// </summary>
    public const int MaxRows = 10_000;

    public static string Path(Guid companyId) => $"{AdminApiRoutes.Base}/companies/{companyId}/employees/import";

    /// <summary>The status of one import job (GET), as the confirmation's Location names it.</summary>
    public static string StatusPath(Guid companyId, Guid importId) => $"{AdminApiRoutes.Base}/companies/{companyId}/employees/imports/{importId}";
}

/// <summary>
/// A confirmed import as it runs in the background: <see cref="Hashed"/> of <see cref="ValidRows"/> temporary passwords
/// hashed so far, then saved together. <see cref="Status"/> is one of <see cref="EmployeeImportStatuses"/>; when it is
/// <see cref="EmployeeImportStatuses.Failed"/>, nothing was imported and <see cref="Error"/> says why (in the caller's language).
/// </summary>
public sealed record EmployeeImportStatus(
    Guid Id,
    Guid CompanyId,
    string Status,
    string? FileName,
    string FileHash,
    int TotalRows,
    int ValidRows,
    int Hashed,
    string? ErrorCode,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public bool IsFinished => Status is EmployeeImportStatuses.Done or EmployeeImportStatuses.Failed;
}

public static class EmployeeImportStatuses
{
    /// <summary>Waiting for the background runner.</summary>
    public const string Pending = "pending";

    /// <summary>Temporary passwords are being generated and hashed (nothing is written yet).</summary>
    public const string Hashing = "hashing";

    /// <summary>The accounts, emails and audit events are being saved in one transaction.</summary>
    public const string Saving = "saving";

    /// <summary>Every valid row is enrolled.</summary>
    public const string Done = "done";

    /// <summary>Nothing was imported; see the error.</summary>
    public const string Failed = "failed";
}

/// <summary>Why an import failed (<see cref="EmployeeImportStatus.ErrorCode"/>).</summary>
public static class EmployeeImportErrorCodes
{
    /// <summary>An employee number of the file was registered by another operation before the save.</summary>
    public const string EmployeeNumberTaken = "employee-number-taken";

    /// <summary>An unexpected failure; the server log has the details.</summary>
    public const string Unexpected = "unexpected";
}

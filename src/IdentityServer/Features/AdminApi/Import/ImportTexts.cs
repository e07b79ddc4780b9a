using Harmony.Identity.Contracts.Admin;

namespace Harmony.Identity.Server.Features.AdminApi.Import;

/// <summary>
/// What the import says to an admin, in the request's language (<see cref="CultureInfo.CurrentUICulture"/>, set by the
/// request localization): Japanese unless the caller asked for English. The texts are in <c>ImportTexts.resx</c>, one
/// key per method; the methods fill in the values and the import's limits.
/// </summary>
public static class ImportTexts
{
    private static readonly TextResource Texts = new(typeof(ImportTexts));

    private static string Mb => (EmployeeImportApi.MaxFileBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);

    public static string ColumnName(ImportColumn column) => Texts.Get("Column." + column);

    // Rejections of rows.

    public static string EmptyFile() => Texts.Get(nameof(EmptyFile));

    public static string UnknownColumn(string header) => Texts.Format(nameof(UnknownColumn), header);

    public static string EmptyColumnName(int position) => Texts.Format(nameof(EmptyColumnName), position);

    public static string RepeatedColumn(string header) => Texts.Format(nameof(RepeatedColumn), header);

    public static string MissingColumn(ImportColumn column) => Texts.Format(nameof(MissingColumn), ColumnName(column));

    public static string BadHeader(string problem) => Texts.Format(nameof(BadHeader), problem);

    public static string BadColumns(int actual, int expected) => Texts.Format(nameof(BadColumns), actual, expected);

    public static string BadQuoting() => Texts.Get(nameof(BadQuoting));

    public static string MissingEmployeeNumber() => Texts.Get(nameof(MissingEmployeeNumber));

    public static string MissingName() => Texts.Get(nameof(MissingName));

    public static string MissingEmail() => Texts.Get(nameof(MissingEmail));

    public static string BadEmail(string email) => Texts.Format(nameof(BadEmail), email);

    public static string BadLocale(string locale) => Texts.Format(nameof(BadLocale), locale);

    public static string TooLong(ImportColumn column, int maxLength) => Texts.Format(nameof(TooLong), ColumnName(column), maxLength);

    public static string BadCharacters(ImportColumn column) => Texts.Format(nameof(BadCharacters), ColumnName(column));

    public static string DuplicateInFile(string employeeNumber, int firstLine) =>
        Texts.Format(nameof(DuplicateInFile), employeeNumber, firstLine);

    public static string EmployeeNumberExists(string employeeNumber) => Texts.Format(nameof(EmployeeNumberExists), employeeNumber);

    // Problems of the request as a whole.

    public static string CompanyNotFound() => Texts.Get(nameof(CompanyNotFound));

    public static string NotMultipart() => Texts.Format(nameof(NotMultipart), EmployeeImportApi.FileField);

    public static string FileMissing() => Texts.Get(nameof(FileMissing));

    public static string UnreadableForm() => Texts.Get(nameof(UnreadableForm));

    public static string FileTooLarge() => Texts.Format(nameof(FileTooLarge), Mb);

    public static string TooManyRows(int rows) => Texts.Format(nameof(TooManyRows), rows, EmployeeImportApi.MaxRows);

    public static string UnknownEncoding() => Texts.Get(nameof(UnknownEncoding));

    public static string FileHashRequired() => Texts.Get(nameof(FileHashRequired));

    public static string FileChanged() => Texts.Get(nameof(FileChanged));

    public static string EmployeeNumberTakenMeanwhile() => Texts.Get(nameof(EmployeeNumberTakenMeanwhile));

    // The background import.

    public static string ImportAlreadyRunning() => Texts.Get(nameof(ImportAlreadyRunning));

    public static string ImportNotFound() => Texts.Get(nameof(ImportNotFound));

    /// <summary>Why an import failed, by its <see cref="EmployeeImportErrorCodes"/> code.</summary>
    public static string ImportFailed(string code) => code == EmployeeImportErrorCodes.EmployeeNumberTaken
        ? EmployeeNumberTakenMeanwhile()
        : ImportFailedUnexpectedly();

    public static string ImportFailedUnexpectedly() => Texts.Get(nameof(ImportFailedUnexpectedly));
}

/// <summary>The CSV columns, as the report names them.</summary>
public enum ImportColumn
{
    EmployeeNumber,
    Name,
    Email,
    Locale,
}

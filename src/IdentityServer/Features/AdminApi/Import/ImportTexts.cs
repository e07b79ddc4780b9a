using Harmony.Identity.Contracts.Admin;

namespace Harmony.Identity.Server.Features.AdminApi.Import;

/// <summary>The CSV columns, as the report names them.</summary>
public enum ImportColumn
{
    EmployeeNumber,
    Name,
    Email,
    Locale,
}

/// <summary>
/// What the import says to an admin, in the request's language (<see cref="CultureInfo.CurrentUICulture"/>, set by the
/// request localization): Japanese unless the caller asked for English.
/// </summary>
public static class ImportTexts
{
    private static bool English =>
        SupportedCultures.IsEnglish();

    private static string Mb => (EmployeeImportApi.MaxFileBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);

    public static string ColumnName(ImportColumn column) => (column, English) switch
    {
        (ImportColumn.EmployeeNumber, false) => "社員番号",
        (ImportColumn.Name, false) => "氏名",
        (ImportColumn.Email, false) => "メールアドレス",
        (ImportColumn.Locale, false) => "言語",
        (ImportColumn.EmployeeNumber, true) => "employee number",
        (ImportColumn.Name, true) => "name",
        (ImportColumn.Email, true) => "email address",
        _ => "language",
    };

    // Rejections of rows.

    public static string EmptyFile() => English
        ? "The file is empty."
        : "ファイルが空です。";

    public static string UnknownColumn(string header) => English
        ? $"“{header}” is not a column name."
        : $"「{header}」は列名として使用できません。";

    public static string EmptyColumnName(int position) => English
        ? $"Column {position} has no name."
        : $"{position}列目の列名が空です。";

    public static string RepeatedColumn(string header) => English
        ? $"The column “{header}” appears twice."
        : $"列「{header}」が2回あります。";

    public static string MissingColumn(ImportColumn column) => English
        ? $"The column “{ColumnName(column)}” is missing."
        : $"列「{ColumnName(column)}」がありません。";

    public static string BadHeader(string problem) => English
        ? $"Line 1 must be the header: {problem} Write “employee_number,name,email,locale” " +
          "(or “社員番号,氏名,メールアドレス,言語”); the locale column may be left out."
        : $"1行目は見出し行です: {problem}「社員番号,氏名,メールアドレス,言語」" +
          "(または「employee_number,name,email,locale」)としてください(言語の列は省略できます)。";

    public static string BadColumns(int actual, int expected) => English
        ? $"This row has {actual} columns; the header has {expected}."
        : $"この行の列数は{actual}です。見出し行と同じ{expected}列にしてください。";

    public static string BadQuoting() => English
        ? "A quotation mark (\") is left open or stands inside a field."
        : "引用符(\")が閉じられていないか、項目の途中にあります。";

    public static string MissingEmployeeNumber() => English
        ? "The employee number is missing."
        : "社員番号が入力されていません。";

    public static string MissingName() => English
        ? "The name is missing."
        : "氏名が入力されていません。";

    public static string MissingEmail() => English
        ? "The email address is missing."
        : "メールアドレスが入力されていません。";

    public static string BadEmail(string email) => English
        ? $"“{email}” is not a valid email address."
        : $"メールアドレス「{email}」が正しくありません。";

    public static string BadLocale(string locale) => English
        ? $"The language “{locale}” cannot be used: write ja (Japanese) or en (English), or leave it empty for ja."
        : $"言語「{locale}」は指定できません。ja(日本語)または en(英語)を指定するか、空欄にしてください(空欄は ja)。";

    public static string TooLong(ImportColumn column, int maxLength) => English
        ? $"The {ColumnName(column)} is too long (at most {maxLength} characters)."
        : $"{ColumnName(column)}が長すぎます({maxLength}文字以内にしてください)。";

    public static string BadCharacters(ImportColumn column) => English
        ? $"The {ColumnName(column)} contains a line break, a tab or another control character."
        : $"{ColumnName(column)}に改行やタブなどの制御文字が含まれています。";

    public static string DuplicateInFile(string employeeNumber, int firstLine) => English
        ? $"The employee number “{employeeNumber}” already appears on line {firstLine}."
        : $"社員番号「{employeeNumber}」は{firstLine}行目と重複しています。";

    public static string EmployeeNumberExists(string employeeNumber) => English
        ? $"An employee with the number “{employeeNumber}” is already registered in this company."
        : $"社員番号「{employeeNumber}」の社員は既にこの会社に登録されています。";

    // Problems of the request as a whole.

    public static string CompanyNotFound() => English
        ? "The company was not found."
        : "会社が見つかりません。";

    public static string NotMultipart() => English
        ? $"Send the CSV file as multipart/form-data, in the field “{EmployeeImportApi.FileField}”."
        : $"CSVファイルは multipart/form-data の項目「{EmployeeImportApi.FileField}」で送信してください。";

    public static string FileMissing() => English
        ? "Choose the CSV file to import."
        : "取り込むCSVファイルを選択してください。";

    public static string UnreadableForm() => English
        ? "The upload could not be read. Send the file again."
        : "送信されたファイルを読み取れませんでした。もう一度送信してください。";

    public static string FileTooLarge() => English
        ? $"The file is too large: at most {Mb} MB."
        : $"ファイルが大きすぎます({Mb}MB以内にしてください)。";

    public static string TooManyRows(int rows) => English
        ? $"The file has {rows} rows: import at most {EmployeeImportApi.MaxRows} at a time, splitting the file."
        : $"ファイルの行数が{rows}行あります。1回に取り込めるのは{EmployeeImportApi.MaxRows}行までです。ファイルを分けてください。";

    public static string UnknownEncoding() => English
        ? "The file is neither UTF-8 nor Shift_JIS. Save it from Excel as “CSV UTF-8” or “CSV (comma delimited)”."
        : "ファイルの文字コードが UTF-8 でも Shift_JIS でもありません。Excel で「CSV UTF-8」または「CSV (コンマ区切り)」として保存してください。";

    public static string FileHashRequired() => English
        ? "To confirm the import, send the fileHash of the report."
        : "取り込みを確定するには、検査結果の fileHash を指定してください。";

    public static string FileChanged() => English
        ? "The file changed since the report. Check the file again before confirming."
        : "検査したときからファイルが変わっています。もう一度検査してから確定してください。";

    public static string EmployeeNumberTakenMeanwhile() => English
        ? "An employee number of the file was registered by someone else during the import; nothing was imported. Check the file again."
        : "取り込み中に、ファイル内の社員番号が別の操作で登録されました。何も取り込まれていません。もう一度検査してください。";
}

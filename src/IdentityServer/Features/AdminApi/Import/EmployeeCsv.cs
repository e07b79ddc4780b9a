using System.Text;
using System.Text.RegularExpressions;
using Harmony.Identity.Contracts.Admin;

namespace Harmony.Identity.Server.Features.AdminApi.Import;

/// <summary>The outcome of checking a whole file: every data row is either valid or refused with its line and reason.</summary>
public sealed record EmployeeCsvCheck(int TotalRows, IReadOnlyList<ImportRow> ValidRows, IReadOnlyList<ImportRejection> RefusedRows);

/// <summary>
/// The employee CSV format and its rules. Line 1 names the columns (<c>employee_number,name,email,locale</c> or
/// <c>社員番号,氏名,メールアドレス,言語</c>, in any order; locale may be left out); every later row is checked on its own and
/// against the others, and each refused row gets one reason. Rows whose every field is blank (Excel writes them for empty
/// lines of a range) are skipped. Employee numbers and addresses typed in full-width characters are read as half-width.
/// </summary>
public static partial class EmployeeCsv
{
    // The account's column sizes (HarmonyDbContext): a longer value would fail the import in the middle.
    public const int MaxEmployeeNumberLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 256;

    private static readonly Dictionary<string, ImportColumn> HeaderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["employee_number"] = ImportColumn.EmployeeNumber,
        ["社員番号"] = ImportColumn.EmployeeNumber,
        ["name"] = ImportColumn.Name,
        ["氏名"] = ImportColumn.Name,
        ["email"] = ImportColumn.Email,
        ["メールアドレス"] = ImportColumn.Email,
        ["locale"] = ImportColumn.Locale,
        ["言語"] = ImportColumn.Locale,
    };

    private static readonly Dictionary<string, string> LanguageNames = new()
    {
        ["日本語"] = SupportedCultures.Japanese,
        ["英語"] = SupportedCultures.English,
    };

    /// <summary>
    /// Checks every row of <paramref name="records"/> (line 1 is the header); <paramref name="existingEmployeeNumbers"/>
    /// are the company's numbers already in use.
    /// </summary>
    public static EmployeeCsvCheck Check(IReadOnlyList<CsvRecord> records, IEnumerable<string> existingEmployeeNumbers)
    {
        var rows = records.Skip(1).Where(r => r.BadQuoting || r.Fields.Any(f => !string.IsNullOrWhiteSpace(f))).ToList();
        if (records.Count == 0)
        {
            return new EmployeeCsvCheck(0, [], [new ImportRejection(1, ImportRejectionCodes.BadHeader, ImportTexts.BadHeader(ImportTexts.EmptyFile()))]);
        }
        var (columns, headerProblem) = ReadHeader(records[0]);
        if (headerProblem is not null)
        {
            return new EmployeeCsvCheck(rows.Count, [], [new ImportRejection(records[0].Line, ImportRejectionCodes.BadHeader, ImportTexts.BadHeader(headerProblem))]);
        }

        // Numbers are compared as SQL Server's default collation would (case-insensitively), so that the unique index
        // never refuses in the middle of an import what this check let through.
        var existing = existingEmployeeNumbers.Select(Normalize).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var firstLines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var valid = new List<ImportRow>();
        var refused = new List<ImportRejection>();
        foreach (var record in rows)
        {
            var (row, rejection) = CheckRow(record, columns, existing, firstLines);
            if (row is not null) valid.Add(row);
            else refused.Add(rejection!);
        }
        return new EmployeeCsvCheck(rows.Count, valid, refused);
    }

    private static (IReadOnlyDictionary<ImportColumn, int> Columns, string? Problem) ReadHeader(CsvRecord header)
    {
        var columns = new Dictionary<ImportColumn, int>();
        if (header.BadQuoting) return (columns, ImportTexts.BadQuoting());
        for (var index = 0; index < header.Fields.Count; index++)
        {
            var name = Normalize(header.Fields[index]);
            if (name.Length == 0) return (columns, ImportTexts.EmptyColumnName(index + 1));
            if (!HeaderNames.TryGetValue(name, out var column)) return (columns, ImportTexts.UnknownColumn(name));
            if (!columns.TryAdd(column, index)) return (columns, ImportTexts.RepeatedColumn(name));
        }
        foreach (var required in new[] { ImportColumn.EmployeeNumber, ImportColumn.Name, ImportColumn.Email })
        {
            if (!columns.ContainsKey(required)) return (columns, ImportTexts.MissingColumn(required));
        }
        return (columns, null);
    }

    private static (ImportRow? Row, ImportRejection? Rejection) CheckRow(
        CsvRecord record, IReadOnlyDictionary<ImportColumn, int> columns, HashSet<string> existing, Dictionary<string, int> firstLines)
    {
        ImportRejection Refuse(string code, string message) => new(record.Line, code, message);

        if (record.BadQuoting) return (null, Refuse(ImportRejectionCodes.BadQuoting, ImportTexts.BadQuoting()));
        if (record.Fields.Count != columns.Count)
        {
            return (null, Refuse(ImportRejectionCodes.BadColumns, ImportTexts.BadColumns(record.Fields.Count, columns.Count)));
        }

        var number = Normalize(record.Fields[columns[ImportColumn.EmployeeNumber]]);
        var name = record.Fields[columns[ImportColumn.Name]].Trim();
        var email = Normalize(record.Fields[columns[ImportColumn.Email]]);
        var locale = columns.TryGetValue(ImportColumn.Locale, out var localeIndex) ? Normalize(record.Fields[localeIndex]) : "";

        // The employee number first: it is what the row is known by, and what the other rows are compared on.
        if (number.Length == 0) return (null, Refuse(ImportRejectionCodes.MissingEmployeeNumber, ImportTexts.MissingEmployeeNumber()));
        if (number.Length > MaxEmployeeNumberLength)
        {
            return (null, Refuse(ImportRejectionCodes.TooLong, ImportTexts.TooLong(ImportColumn.EmployeeNumber, MaxEmployeeNumberLength)));
        }
        if (number.Any(char.IsControl)) return (null, Refuse(ImportRejectionCodes.BadCharacters, ImportTexts.BadCharacters(ImportColumn.EmployeeNumber)));
        if (!firstLines.TryAdd(number, record.Line))
        {
            return (null, Refuse(ImportRejectionCodes.DuplicateInFile, ImportTexts.DuplicateInFile(number, firstLines[number])));
        }
        if (existing.Contains(number)) return (null, Refuse(ImportRejectionCodes.EmployeeNumberExists, ImportTexts.EmployeeNumberExists(number)));

        if (name.Length == 0) return (null, Refuse(ImportRejectionCodes.MissingName, ImportTexts.MissingName()));
        if (name.Length > MaxNameLength) return (null, Refuse(ImportRejectionCodes.TooLong, ImportTexts.TooLong(ImportColumn.Name, MaxNameLength)));
        // As in the API's name rule (decision 0026): no control characters, no text-direction overrides.
        if (!AdminFieldRules.IsPlainName(name)) return (null, Refuse(ImportRejectionCodes.BadCharacters, ImportTexts.BadCharacters(ImportColumn.Name)));

        if (email.Length == 0) return (null, Refuse(ImportRejectionCodes.MissingEmail, ImportTexts.MissingEmail()));
        if (!IsEmailAddress(email)) return (null, Refuse(ImportRejectionCodes.BadEmail, ImportTexts.BadEmail(email)));

        var culture = locale.Length == 0 ? SupportedCultures.Default
            : LanguageNames.TryGetValue(locale, out var named) ? named
            : SupportedCultures.Match(locale);
        if (culture is null) return (null, Refuse(ImportRejectionCodes.BadLocale, ImportTexts.BadLocale(locale)));

        return (new ImportRow(record.Line, number, name, email, culture), null);
    }

    /// <summary>
    /// An address the outbox can send to: what <see cref="System.Net.Mail.MailAddress"/> accepts as a bare address, in
    /// printable ASCII, with a dotted host name (no display names, comments, IP literals or "user@localhost").
    /// </summary>
    public static bool IsEmailAddress(string email)
    {
        if (email.Length > MaxEmailLength || email.Any(c => c <= ' ' || c >= 0x7F)) return false;
        if (!System.Net.Mail.MailAddress.TryCreate(email, out var address) || address.Address != email) return false;
        var local = address.User;
        return local.Length > 0 && !local.StartsWith('.') && !local.EndsWith('.') && !local.Contains("..", StringComparison.Ordinal)
            && HostName().IsMatch(address.Host);
    }

    /// <summary>Full-width letters, digits and symbols (Excel users in Japan type them) read as half-width; trimmed.</summary>
    private static string Normalize(string value) => value.Normalize(NormalizationForm.FormKC).Trim();

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")]
    private static partial Regex HostName();
}

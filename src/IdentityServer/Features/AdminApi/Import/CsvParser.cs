using System.Text;

namespace Harmony.Identity.Server.Features.AdminApi.Import;

/// <summary>
/// One record of a CSV file: the physical line it starts on (the first line is 1), its fields, and whether its quoting
/// was broken (a quote left open, or text after a closing quote).
/// </summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, bool BadQuoting = false);

/// <summary>
/// Splits CSV text (RFC 4180 as Excel writes it) into records: comma-separated fields, fields in double quotes may hold
/// commas, line breaks and doubled quotes; lines end with CRLF, LF or CR. Empty lines are skipped but still counted, so
/// that every record keeps the line number a person sees in an editor. Fields come back exactly as written (no trimming).
/// </summary>
public static class CsvParser
{
    private const char Separator = ',';
    private const char Quote = '"';

    public static IReadOnlyList<CsvRecord> Parse(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var badQuoting = false;
        var i = 0;

        while (i < text.Length)
        {
            var c = text[i];
            if (c == Quote && field.Length == 0)
            {
                // A quoted field: read up to the closing quote, keeping separators and line breaks as data.
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    var q = text[i];
                    if (q == Quote)
                    {
                        if (i + 1 < text.Length && text[i + 1] == Quote)
                        {
                            field.Append(Quote);
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    if (IsLineBreak(text, ref i))
                    {
                        field.Append('\n');
                        line++;
                        continue;
                    }
                    field.Append(q);
                    i++;
                }
                if (!closed)
                {
                    badQuoting = true;
                    break;
                }
                // Only a separator or the end of the line may follow a closing quote.
                if (i < text.Length && text[i] != Separator && text[i] != '\r' && text[i] != '\n') badQuoting = true;
                continue;
            }

            if (c == Separator)
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
                continue;
            }

            if (IsLineBreak(text, ref i))
            {
                EndRecord();
                line++;
                recordLine = line;
                continue;
            }

            // A quote inside an unquoted field is kept as a character, as Excel reads it.
            field.Append(c);
            i++;
        }

        EndRecord();
        return records;

        void EndRecord()
        {
            var empty = fields.Count == 0 && field.Length == 0 && !badQuoting;
            if (!empty)
            {
                fields.Add(field.ToString());
                records.Add(new CsvRecord(recordLine, fields.ToArray(), badQuoting));
            }
            fields.Clear();
            field.Clear();
            badQuoting = false;
        }
    }

    /// <summary>True (and moves past it) when a CRLF, LF or CR starts at <paramref name="i"/>.</summary>
    private static bool IsLineBreak(string text, ref int i)
    {
        switch (text[i])
        {
            case '\n':
                i++;
                return true;
            case '\r':
                i += i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                return true;
            default:
                return false;
        }
    }
}

using System.Text;
using Harmony.Identity.Contracts.Admin;

namespace Harmony.Identity.Server.Features.AdminApi.Export;

/// <summary>
/// Writes CSV rows to a response as they come (RFC 4180: every field quoted, CRLF line ends), in UTF-8 with a byte order
/// mark or in Shift_JIS (code page 932, Windows-31J), and neutralizes spreadsheet formulas (decision 0021).
/// </summary>
public sealed class CsvOutput : IAsyncDisposable
{
    /// <summary>What stands for a character that Shift_JIS cannot hold (emoji, most characters outside JIS X 0208 and the Windows extensions).</summary>
    public const string Unencodable = "?";

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private static readonly Encoding ShiftJis = CreateShiftJis();

    private readonly StreamWriter writer;

    public CsvOutput(Stream stream, string encoding)
    {
        writer = new StreamWriter(stream, EncodingOf(encoding), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        // The byte order mark as the first character (into the buffer, no I/O yet): a writer decides on its own preamble
        // by the stream's position, which a response body cannot tell.
        if (encoding != CsvExports.ShiftJis) writer.Write('\uFEFF');
    }

    /// <summary>The HTTP charset of an export encoding (<see cref="CsvExports.Encodings"/>).</summary>
    public static string Charset(string encoding) => EncodingOf(encoding).WebName;

    public async Task WriteRowAsync(params IEnumerable<string?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first) await writer.WriteAsync(',');
            first = false;
            await writer.WriteAsync(Quoted(Inert(cell ?? "")));
        }
        await writer.WriteLineAsync();
    }

    /// <summary>
    /// A cell that a spreadsheet would read as a formula (it starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
    /// carriage return, or their full-width forms, which Japanese Excel converts) gets a leading apostrophe, so that it is
    /// shown as the text it is. Every other cell is written as it is.
    /// </summary>
    public static string Inert(string cell) =>
        cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '＝' or '＋' or '－' or '＠' ? "'" + cell : cell;

    private static string Quoted(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static Encoding EncodingOf(string encoding) => encoding == CsvExports.ShiftJis ? ShiftJis : Utf8;

    private static Encoding CreateShiftJis()
    {
        // Code page 932 is not built into .NET; the provider is part of the shared framework.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, new OneMarkPerCharacter(), DecoderFallback.ReplacementFallback);
    }

    /// <summary>
    /// <see cref="Unencodable"/> once per character that code page 932 lacks: the encoder offers the two halves of a
    /// surrogate pair (an emoji) one by one, and the second half adds nothing.
    /// </summary>
    private sealed class OneMarkPerCharacter : EncoderFallback
    {
        public override int MaxCharCount => 1;

        public override EncoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

        private sealed class Buffer : EncoderFallbackBuffer
        {
            private int count;
            private int position;

            public override int Remaining => count - position;

            public override bool Fallback(char charUnknown, int index) => Start(char.IsLowSurrogate(charUnknown) ? 0 : 1);

            public override bool Fallback(char charUnknownHigh, char charUnknownLow, int index) => Start(1);

            public override char GetNextChar() => position < count ? Unencodable[position++] : '\0';

            public override bool MovePrevious()
            {
                if (position == 0) return false;
                position--;
                return true;
            }

            public override void Reset() => (count, position) = (0, 0);

            private bool Start(int marks)
            {
                (count, position) = (marks, 0);
                return marks > 0;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Flushes asynchronously: a response body refuses synchronous writes.
        await writer.DisposeAsync();
    }
}

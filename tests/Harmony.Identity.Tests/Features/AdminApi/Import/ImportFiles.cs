namespace Harmony.Identity.Tests.Features.AdminApi.Import;

/// <summary>Small employee CSV files, written as Excel or an editor would write them.</summary>
public static class ImportFiles
{
    public const string Header = "employee_number,name,email,locale";
    public const string JapaneseHeader = "社員番号,氏名,メールアドレス,言語";

    static ImportFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The lines, each ended with CRLF (what Excel writes).</summary>
    public static string Lines(params string[] lines) => string.Concat(lines.Select(line => line + "\r\n"));

    /// <summary>The text in one of <see cref="ImportEncodings"/>.</summary>
    public static byte[] Encode(string text, string encoding) => encoding switch
    {
        ImportEncodings.Utf8WithBom => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
        ImportEncodings.Utf8 => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text),
        ImportEncodings.ShiftJis => Encoding.GetEncoding(932).GetBytes(text),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null),
    };

    /// <summary>A suffix that keeps a test's employee numbers and addresses apart from every other test's.</summary>
    public static string UniqueSuffix() => Guid.NewGuid().ToString("N")[..8];
}

using System.Text;
using Harmony.Identity.Contracts.Admin;

namespace Harmony.Identity.Server.Features.AdminApi.Import;

/// <summary>The text of an uploaded file and the encoding it was read with (one of <see cref="ImportEncodings"/>).</summary>
public sealed record DecodedText(string Text, string Encoding);

/// <summary>
/// Reads an uploaded CSV file's bytes as text: UTF-8 when it starts with a BOM; UTF-8 when the bytes are valid UTF-8
/// (checked strictly, so that Shift_JIS bytes are never taken for it); otherwise Shift_JIS (code page 932), what Excel in
/// Japan writes. Null when the bytes are none of these.
/// </summary>
public static class CsvDecoding
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Encoding StrictShiftJis = CreateStrictShiftJis();

    public static DecodedText? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Utf8Bom))
        {
            var text = TryDecode(StrictUtf8, bytes[Utf8Bom.Length..]);
            return text is null ? null : new DecodedText(text, ImportEncodings.Utf8WithBom);
        }

        // Excel's "Unicode text" is UTF-16 (and tab-separated): refuse it rather than read it as Shift_JIS noise.
        if (IsUtf16(bytes)) return null;

        var utf8 = TryDecode(StrictUtf8, bytes);
        if (utf8 is not null) return new DecodedText(utf8, ImportEncodings.Utf8);

        var shiftJis = TryDecode(StrictShiftJis, bytes);
        return shiftJis is null ? null : new DecodedText(shiftJis, ImportEncodings.ShiftJis);
    }

    private static bool IsUtf16(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF));

    private static string? TryDecode(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static Encoding CreateStrictShiftJis()
    {
        // Code page 932 is not built into .NET; the provider is part of the shared framework.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}

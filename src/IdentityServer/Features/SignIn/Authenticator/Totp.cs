using System.Security.Cryptography;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// RFC 6238 time-based one-time passwords as every authenticator app computes them by default: HMAC-SHA-1, 6 digits,
/// 30-second steps counted from the Unix epoch. The key travels as RFC 4648 Base32 (what the QR code and the manual
/// key carry).
/// </summary>
public static class Totp
{
    public const int Digits = 6;
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>Steps either side of now that are still accepted (clock drift, a code typed as it turned).</summary>
    public const int Tolerance = 1;

    /// <summary>160 bits, the HMAC-SHA-1 block output size RFC 4226 recommends.</summary>
    public const int KeyBytes = 20;

    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    public static long TimeStepOf(DateTimeOffset instant) => instant.ToUnixTimeSeconds() / (long)Step.TotalSeconds;

    /// <summary>The code of one time step (RFC 4226 §5.3 dynamic truncation).</summary>
    public static string Code(byte[] key, long timeStep)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, timeStep);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(key, counter, hash);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>The time step within the tolerance whose code is <paramref name="typed"/>, or null. Compares in fixed time.</summary>
    public static long? MatchingStep(byte[] key, string typed, DateTimeOffset now)
    {
        if (typed.Length != Digits) return null;
        var current = TimeStepOf(now);
        long? found = null;
        for (var step = current - Tolerance; step <= current + Tolerance; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(key, step)), System.Text.Encoding.ASCII.GetBytes(typed)))
            {
                found ??= step;
            }
        }
        return found;
    }

    /// <summary>RFC 4648 Base32 without padding, as authenticator apps read it.</summary>
    public static string ToBase32(ReadOnlySpan<byte> data)
    {
        var text = new System.Text.StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) text.Append(Base32Alphabet[(buffer << (5 - bits)) & 31]);
        return text.ToString();
    }

    /// <summary>The key from its RFC 4648 Base32 form (upper case, no padding, as <see cref="ToBase32"/> writes it).</summary>
    public static byte[] FromBase32(string base32)
    {
        var bytes = new List<byte>(base32.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in base32)
        {
            buffer = (buffer << 5) | Base32Alphabet.IndexOf(c);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }

    /// <summary>The key as a person types it from the page: groups of four letters and digits.</summary>
    public static string Grouped(string base32) =>
        string.Join(' ', Enumerable.Range(0, (base32.Length + 3) / 4).Select(i => base32.Substring(i * 4, Math.Min(4, base32.Length - i * 4))));

    /// <summary>The <c>otpauth://</c> URI of the Key URI Format that authenticator apps scan.</summary>
    public static string KeyUri(string issuer, string account, string base32) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}" +
        $"?secret={base32}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={(int)Step.TotalSeconds}";

    /// <summary>Only the digits of what was typed (spaces, hyphens and full-width digits as a Japanese keyboard types them).</summary>
    public static string DigitsOf(string? typed) =>
        new((typed ?? "").Normalize(System.Text.NormalizationForm.FormKC).Where(char.IsAsciiDigit).ToArray());
}

using System.Security.Cryptography;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>
/// RFC 6238 as an authenticator app computes it, written apart from the server's own code so that the tests check the
/// server against the RFC and not against itself: HMAC-SHA-1 over the big-endian count of 30-second steps since the
/// Unix epoch, RFC 4226 dynamic truncation. Checked against the RFC's test vectors (TestTotpTests).
/// </summary>
public static class TestTotp
{
    public static string Code(byte[] key, DateTimeOffset at, int digits = 6)
    {
        var counter = BitConverter.GetBytes(at.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[19] & 0xf;
        var value = (hash[offset] & 0x7f) << 24 | hash[offset + 1] << 16 | hash[offset + 2] << 8 | hash[offset + 3];
        return (value % (int)Math.Pow(10, digits)).ToString(new string('0', digits), CultureInfo.InvariantCulture);
    }

    /// <summary>The code of the key as the enrolment page shows it for typing (Base32 in groups, any case).</summary>
    public static string Code(string manualKey, DateTimeOffset at) => Code(FromBase32(manualKey), at);

    /// <summary>RFC 4648 Base32, ignoring spaces and padding.</summary>
    public static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.ToUpperInvariant().Where(c => c is not (' ' or '='))
            .Select(c => Convert.ToString(alphabet.IndexOf(c) is var i and >= 0 ? i : throw new FormatException($"'{c}' is not Base32"), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }
}

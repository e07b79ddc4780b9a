using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using NSec.Cryptography;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>The costs of one Argon2id hash: memory in KiB, passes over it, lanes.</summary>
public readonly record struct Argon2Cost(int MemoryKiB, int Iterations, int Parallelism)
{
    /// <summary>libsodium's floor (8 KiB per lane).</summary>
    public const int MinMemoryKiB = 8;

    /// <summary>
    /// 1 GiB: far above any sensible setting. A stored hash that asks for more is refused unverified, so that one damaged
    /// row cannot make a sign-in claim gigabytes; the configured cost must stay below it too.
    /// </summary>
    public const int MaxMemoryKiB = 1024 * 1024;

    /// <summary>The same kind of ceiling on passes.</summary>
    public const int MaxIterations = 100;

    /// <summary>
    /// OWASP's lightest Argon2id row (7 MiB, 5 passes). Its rows trade memory for passes at about the same product
    /// (19 MiB × 2, 12 MiB × 3, …), so a cost is at least as strong when it has this memory and this product.
    /// </summary>
    public static readonly Argon2Cost OwaspMinimum = new(7 * 1024, 5, 1);

    public bool MeetsOwaspMinimum =>
        MemoryKiB >= OwaspMinimum.MemoryKiB && (long)MemoryKiB * Iterations >= (long)OwaspMinimum.MemoryKiB * OwaspMinimum.Iterations;

    public override string ToString() => FormattableString.Invariant($"m={MemoryKiB},t={Iterations},p={Parallelism}");
}

/// <summary>
/// Argon2id (RFC 9106) through libsodium (NSec), stored self-describing in the PHC string format
/// <c>$argon2id$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;hash&gt;</c> (salt and hash in base64 without padding), so that a
/// change of the costs later still verifies every stored hash. A hash made with other costs than the configured ones
/// verifies as <see cref="PasswordVerificationResult.SuccessRehashNeeded"/>: a stronger setting reaches every account at
/// its next sign-in, and a lighter one too (so the memory a verification takes comes back to the configured figure).
/// Anything that is not such a string, or is damaged, is <see cref="PasswordVerificationResult.Failed"/>, never an exception.
/// </summary>
public sealed class Argon2idPasswordHasher : IPasswordHasher<HarmonyUser>
{
    public const string Prefix = "$argon2id$";
    public const int SaltBytes = 16;
    public const int HashBytes = 32;
    private const string VersionField = "v=19"; // Argon2 version 1.3 (0x13), the one libsodium computes.
    private const int MinHashBytes = 16;
    private const int MaxHashBytes = 64;

    private readonly Argon2Cost cost;
    private readonly PasswordBasedKeyDerivationAlgorithm algorithm;

    /// <exception cref="ArgumentException">libsodium does not accept <paramref name="cost"/>.</exception>
    public Argon2idPasswordHasher(Argon2Cost cost)
    {
        this.cost = cost;
        algorithm = Create(cost);
        LargeBlocksReturned.Ensure();
    }

    public Argon2Cost Cost => cost;

    public static bool IsArgon2id(string? hashedPassword) => hashedPassword?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public string HashPassword(HarmonyUser user, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        Span<byte> salt = stackalloc byte[SaltBytes];
        RandomNumberGenerator.Fill(salt);
        Span<byte> hash = stackalloc byte[HashBytes];
        algorithm.DeriveBytes(password, salt, hash);
        return Format(cost, salt, hash);
    }

    public PasswordVerificationResult VerifyHashedPassword(HarmonyUser user, string hashedPassword, string providedPassword)
    {
        if (providedPassword is null || !TryParse(hashedPassword, out var stored, out var salt, out var expected))
        {
            return PasswordVerificationResult.Failed;
        }
        var derivation = stored == cost ? algorithm : Create(stored);
        Span<byte> actual = stackalloc byte[expected.Length];
        derivation.DeriveBytes(providedPassword, salt, actual);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected)) return PasswordVerificationResult.Failed;
        return stored == cost ? PasswordVerificationResult.Success : PasswordVerificationResult.SuccessRehashNeeded;
    }

    public static string Format(Argon2Cost cost, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> hash) =>
        $"{Prefix}{VersionField}${cost}${Base64(salt)}${Base64(hash)}";

    /// <summary>Reads a PHC Argon2id string; false for anything else, damaged, or beyond the ceilings of <see cref="Argon2Cost"/>.</summary>
    public static bool TryParse(string? hashedPassword, out Argon2Cost cost, out byte[] salt, out byte[] hash)
    {
        cost = default;
        salt = hash = [];
        if (!IsArgon2id(hashedPassword)) return false;
        // "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
        var parts = hashedPassword!.Split('$');
        if (parts.Length != 6 || parts[2] != VersionField) return false;
        var costs = parts[3].Split(',');
        if (costs.Length != 3 ||
            !TryReadField(costs[0], "m=", out var memory) ||
            !TryReadField(costs[1], "t=", out var iterations) ||
            !TryReadField(costs[2], "p=", out var parallelism))
        {
            return false;
        }
        // libsodium computes one lane only: a hash made elsewhere with more cannot be checked here.
        if (memory is < Argon2Cost.MinMemoryKiB or > Argon2Cost.MaxMemoryKiB || iterations is < 1 or > Argon2Cost.MaxIterations || parallelism != 1)
        {
            return false;
        }
        if (!TryReadBase64(parts[4], out salt) || salt.Length != SaltBytes) return false;
        if (!TryReadBase64(parts[5], out hash) || hash.Length is < MinHashBytes or > MaxHashBytes) return false;
        cost = new Argon2Cost(memory, iterations, parallelism);
        return true;
    }

    private static PasswordBasedKeyDerivationAlgorithm Create(Argon2Cost cost) =>
        PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = cost.Parallelism,
            MemorySize = cost.MemoryKiB,
            NumberOfPasses = cost.Iterations,
        });

    private static bool TryReadField(string field, string name, out int value)
    {
        value = 0;
        return field.StartsWith(name, StringComparison.Ordinal) &&
               int.TryParse(field.AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static string Base64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    /// <summary>Base64 without padding, as PHC strings write it; only the one canonical spelling of each value.</summary>
    private static bool TryReadBase64(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 == 1 || text.Contains('=')) return false;
        var padded = text + new string('=', (4 - text.Length % 4) % 4);
        var buffer = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64String(padded, buffer, out var written)) return false;
        bytes = buffer[..written];
        return Base64(bytes) == text;
    }
}

using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// The one password hasher of the server (Identity's <see cref="IPasswordHasher{TUser}"/>, also behind every
/// <c>UserManager</c> call): new hashes use <c>Harmony:Passwords:Algorithm</c>, Argon2id by default or Identity's PBKDF2;
/// a stored hash of either kind verifies, and one of the other kind (or with other costs) verifies as
/// <see cref="PasswordVerificationResult.SuccessRehashNeeded"/>, so the sign-in stores it anew with the configured one.
/// <para>
/// At most <see cref="SignInOptions.MaxConcurrentPasswordChecks"/> hashes run at once in this process, whoever asks
/// (sign-in, reset, conversion, admin enrolment and CSV import, demo data): the memory Argon2id holds stays below that
/// many × <c>Argon2MemoryKiB</c>. The request-facing queue (<see cref="PasswordHashingSlots"/>, with its 503) stays in
/// front of the anonymous paths; this cap is the bound that holds for every path, so a caller past the queue may still
/// wait here briefly while an admin import hashes.
/// </para>
/// </summary>
public sealed class HarmonyPasswordHasher : IPasswordHasher<HarmonyUser>
{
    private readonly PasswordHashAlgorithm algorithm;
    private readonly Argon2idPasswordHasher argon2id;
    private readonly PasswordHasher<HarmonyUser> pbkdf2;
    private readonly SemaphoreSlim running;
    private int inFlight;
    private int peak;

    public HarmonyPasswordHasher(IOptions<PasswordHashingOptions> options, IOptions<SignInOptions> signIn)
    {
        var settings = options.Value;
        algorithm = settings.ParsedAlgorithm ?? throw new InvalidOperationException($"{PasswordHashingOptions.Section}:Algorithm is not valid.");
        argon2id = new Argon2idPasswordHasher(settings.Argon2);
        pbkdf2 = new PasswordHasher<HarmonyUser>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = settings.HashIterations,
        }));
        var cap = signIn.Value.MaxConcurrentPasswordChecks;
        running = new SemaphoreSlim(cap, cap);
    }

    public PasswordHashAlgorithm Algorithm => algorithm;

    /// <summary>The most hashes that ran at once since start (for the test of the cap).</summary>
    internal int Peak => Volatile.Read(ref peak);

    public string HashPassword(HarmonyUser user, string password) => Capped(() => algorithm == PasswordHashAlgorithm.Argon2id
        ? argon2id.HashPassword(user, password)
        : pbkdf2.HashPassword(user, password));

    public PasswordVerificationResult VerifyHashedPassword(HarmonyUser user, string hashedPassword, string providedPassword)
    {
        if (string.IsNullOrEmpty(hashedPassword) || providedPassword is null) return PasswordVerificationResult.Failed;

        PasswordHashAlgorithm storedWith;
        PasswordVerificationResult result;
        if (Argon2idPasswordHasher.IsArgon2id(hashedPassword))
        {
            storedWith = PasswordHashAlgorithm.Argon2id;
            result = Capped(() => Verify(argon2id, user, hashedPassword, providedPassword));
        }
        else if (IsIdentityHash(hashedPassword))
        {
            storedWith = PasswordHashAlgorithm.Pbkdf2;
            result = Capped(() => Verify(pbkdf2, user, hashedPassword, providedPassword));
        }
        else
        {
            return PasswordVerificationResult.Failed;
        }
        return result != PasswordVerificationResult.Failed && storedWith != algorithm ? PasswordVerificationResult.SuccessRehashNeeded : result;
    }

    /// <summary>
    /// Identity's own format (base64; marker 0x01 for V3 PBKDF2-HMAC-SHA256/512, 0x00 for the old V2), with an iteration
    /// count Identity would run in reasonable time; anything else is refused before Identity could throw or spin on it.
    /// </summary>
    private static bool IsIdentityHash(string hashedPassword)
    {
        var bytes = new byte[hashedPassword.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(hashedPassword, bytes, out var length) || length == 0) return false;
        return bytes[0] switch
        {
            0x00 => length == 1 + 16 + 32, // V2: marker, salt, subkey (1,000 iterations of HMAC-SHA1)
            // V3: marker, PRF, iteration count, salt length (each big-endian uint32), salt, subkey.
            0x01 => length >= 13 && ReadUInt32(bytes, 5) is > 0 and <= MaxPbkdf2Iterations,
            _ => false,
        };
    }

    /// <summary>Ten million: about fifty times OWASP's figure. A stored hash asking for more is damaged.</summary>
    private const uint MaxPbkdf2Iterations = 10_000_000;

    private static uint ReadUInt32(byte[] bytes, int offset) =>
        (uint)(bytes[offset] << 24 | bytes[offset + 1] << 16 | bytes[offset + 2] << 8 | bytes[offset + 3]);

    private static PasswordVerificationResult Verify(IPasswordHasher<HarmonyUser> hasher, HarmonyUser user, string hashed, string provided)
    {
        try
        {
            return hasher.VerifyHashedPassword(user, hashed, provided);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or CryptographicException)
        {
            // A damaged stored hash that passed the checks above: the verdict is "wrong", never a 500.
            return PasswordVerificationResult.Failed;
        }
    }

    private T Capped<T>(Func<T> hash)
    {
        running.Wait();
        var now = Interlocked.Increment(ref inFlight);
        for (var seen = Volatile.Read(ref peak); now > seen; seen = Volatile.Read(ref peak))
        {
            if (Interlocked.CompareExchange(ref peak, now, seen) == seen) break;
        }
        try
        {
            return hash();
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
            running.Release();
        }
    }
}

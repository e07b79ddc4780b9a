using Harmony.Identity.Server.Features.SignIn;
using Harmony.Identity.Server.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>
/// The password hashers on their own (issue 11, part 2): Argon2id in its PHC string, the server's hasher that picks the
/// configured algorithm and moves hashes of the other one, and that no stored string, however damaged, throws.
/// </summary>
public sealed class PasswordHasherTests
{
    private const string Password = "Correct#Horse1";
    private static readonly Argon2Cost Fast = new(64, 1, 1);
    private static readonly HarmonyUser User = new();

    [Test]
    public void Argon2id_RoundTrips_InAPhcString_WithTheConfiguredCosts()
    {
        var hasher = new Argon2idPasswordHasher(Fast);

        var hash = hasher.HashPassword(User, Password);

        Assert.That(hash, Does.Match(@"^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$"), "16-byte salt, 32-byte hash, no padding");
        Assert.That(hasher.VerifyHashedPassword(User, hash, Password), Is.EqualTo(PasswordVerificationResult.Success));
        Assert.That(hasher.HashPassword(User, Password), Is.Not.EqualTo(hash), "a fresh salt each time");
    }

    [Test]
    public void Argon2id_WithOwaspCosts_RoundTrips()
    {
        var hasher = new Argon2idPasswordHasher(new PasswordHashingOptions().Argon2);

        var hash = hasher.HashPassword(User, "パスワード#1");

        Assert.That(hash, Does.StartWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        Assert.That(hasher.VerifyHashedPassword(User, hash, "パスワード#1"), Is.EqualTo(PasswordVerificationResult.Success));
        Assert.That(new PasswordHashingOptions().Argon2.MeetsOwaspMinimum, Is.True);
    }

    [Test]
    public void Argon2id_AWrongPassword_Fails()
    {
        var hasher = new Argon2idPasswordHasher(Fast);
        var hash = hasher.HashPassword(User, Password);

        Assert.That(hasher.VerifyHashedPassword(User, hash, "Correct#Horse2"), Is.EqualTo(PasswordVerificationResult.Failed));
        Assert.That(hasher.VerifyHashedPassword(User, hash, ""), Is.EqualTo(PasswordVerificationResult.Failed));
    }

    [Test]
    public void Argon2id_ATamperedString_Fails()
    {
        var hasher = new Argon2idPasswordHasher(Fast);
        var hash = hasher.HashPassword(User, Password);
        var parts = hash.Split('$');

        foreach (var part in new[] { 4, 5 })
        {
            var changed = (string[])parts.Clone();
            var first = changed[part][0];
            changed[part] = (first == 'A' ? 'B' : 'A') + changed[part][1..];
            Assert.That(hasher.VerifyHashedPassword(User, string.Join('$', changed), Password), Is.EqualTo(PasswordVerificationResult.Failed), $"part {part}");
        }
        // Other costs over the same salt and hash: a different derivation, so no match.
        Assert.That(hasher.VerifyHashedPassword(User, hash.Replace("m=64,", "m=65,"), Password), Is.EqualTo(PasswordVerificationResult.Failed));
    }

    [TestCase(128, 1, TestName = "more memory than configured")]
    [TestCase(32, 1, TestName = "less memory than configured")]
    [TestCase(64, 2, TestName = "more passes than configured")]
    public void Argon2id_AHashWithOtherCosts_VerifiesAndAsksForARehash(int memory, int passes)
    {
        var stored = new Argon2idPasswordHasher(new Argon2Cost(memory, passes, 1)).HashPassword(User, Password);
        var configured = new Argon2idPasswordHasher(Fast);

        Assert.That(configured.VerifyHashedPassword(User, stored, Password), Is.EqualTo(PasswordVerificationResult.SuccessRehashNeeded));
        Assert.That(configured.VerifyHashedPassword(User, stored, "Wrong#Horse1"), Is.EqualTo(PasswordVerificationResult.Failed));
    }

    private static IEnumerable<string> Malformed()
    {
        var salt = Convert.ToBase64String(new byte[16]).TrimEnd('=');
        var hash = Convert.ToBase64String(new byte[32]).TrimEnd('=');
        yield return "$argon2id$v=19$m=abc";
        yield return "$argon2id$";
        yield return "$argon2id$v=19$m=64,t=1,p=1$$";
        yield return $"$argon2id$v=19$m=64,t=1,p=1${salt}";
        yield return $"$argon2id$v=19$m=64,t=1,p=1${salt}${hash}$";
        yield return $"$argon2id$v=18$m=64,t=1,p=1${salt}${hash}";
        yield return $"$argon2id$m=64,t=1,p=1${salt}${hash}";
        yield return $"$argon2id$v=19$m=64,t=1${salt}${hash}";
        yield return $"$argon2id$v=19$t=1,m=64,p=1${salt}${hash}";
        yield return $"$argon2id$v=19$m=64,t=1,p=2${salt}${hash}";
        yield return $"$argon2id$v=19$m=4,t=1,p=1${salt}${hash}";
        yield return $"$argon2id$v=19$m=-64,t=1,p=1${salt}${hash}";
        yield return $"$argon2id$v=19$m=99999999999,t=1,p=1${salt}${hash}";
        yield return $"$argon2id$v=19$m=4194304,t=1,p=1${salt}${hash}";
        yield return $"$argon2id$v=19$m=64,t=0,p=1${salt}${hash}";
        yield return $"$argon2id$v=19$m=64,t=1000,p=1${salt}${hash}";
        yield return $"$argon2id$v=19$m= 64,t=1,p=1${salt}${hash}";
        yield return $"$argon2id$v=19$m=64,t=1,p=1${salt}==${hash}";
        yield return $"$argon2id$v=19$m=64,t=1,p=1${salt[..10]}${hash}";
        yield return $"$argon2id$v=19$m=64,t=1,p=1${salt}${hash[..10]}";
        yield return $"$argon2id$v=19$m=64,t=1,p=1${salt}${hash[..20]} {hash[20..]}";
        yield return $"$argon2id$v=19$m=64,t=1,p=1$!!!!{salt[4..]}${hash}";
        yield return $"$argon2i$v=19$m=64,t=1,p=1${salt}${hash}";
        yield return "argon2id";
        yield return "";
    }

    [TestCaseSource(nameof(Malformed))]
    public void Argon2id_AMalformedString_FailsWithoutThrowing(string stored)
    {
        var hasher = new Argon2idPasswordHasher(Fast);
        var server = Hasher(PasswordHashAlgorithm.Argon2id);

        Assert.That(hasher.VerifyHashedPassword(User, stored, Password), Is.EqualTo(PasswordVerificationResult.Failed));
        Assert.That(server.VerifyHashedPassword(User, stored, Password), Is.EqualTo(PasswordVerificationResult.Failed));
    }

    [Test]
    public void TheServersHasher_OnArgon2id_VerifiesAnIdentityPbkdf2Hash_AndAsksToMoveIt()
    {
        var legacy = Pbkdf2(1000).HashPassword(User, Password);
        var hasher = Hasher(PasswordHashAlgorithm.Argon2id);

        Assert.That(Convert.FromBase64String(legacy)[0], Is.EqualTo(0x01), "an Identity V3 hash");
        Assert.That(hasher.VerifyHashedPassword(User, legacy, Password), Is.EqualTo(PasswordVerificationResult.SuccessRehashNeeded));
        Assert.That(hasher.VerifyHashedPassword(User, legacy, "Wrong#Horse1"), Is.EqualTo(PasswordVerificationResult.Failed));
        Assert.That(hasher.HashPassword(User, Password), Does.StartWith("$argon2id$v=19$m=64,t=1,p=1$"));
    }

    [Test]
    public void TheServersHasher_OnPbkdf2_HashesWithIdentity_AndAsksToMoveArgon2idHashes()
    {
        var hasher = Hasher(PasswordHashAlgorithm.Pbkdf2);
        var argon2id = new Argon2idPasswordHasher(Fast).HashPassword(User, Password);

        var hash = hasher.HashPassword(User, Password);

        Assert.That(Convert.FromBase64String(hash)[0], Is.EqualTo(0x01), "an Identity V3 hash");
        Assert.That(hasher.VerifyHashedPassword(User, hash, Password), Is.EqualTo(PasswordVerificationResult.Success));
        Assert.That(Pbkdf2(1000).VerifyHashedPassword(User, hash, Password), Is.EqualTo(PasswordVerificationResult.Success), "Identity reads it");
        Assert.That(hasher.VerifyHashedPassword(User, argon2id, Password), Is.EqualTo(PasswordVerificationResult.SuccessRehashNeeded));
        Assert.That(hasher.VerifyHashedPassword(User, argon2id, "Wrong#Horse1"), Is.EqualTo(PasswordVerificationResult.Failed));
        Assert.That(hasher.VerifyHashedPassword(User, Pbkdf2(500).HashPassword(User, Password), Password),
            Is.EqualTo(PasswordVerificationResult.SuccessRehashNeeded), "fewer iterations than configured");
    }

    private static IEnumerable<string> DamagedIdentityHashes()
    {
        var v3 = Convert.FromBase64String(Pbkdf2(1000).HashPassword(User, Password));
        yield return "not base64 at all!";
        yield return "AA==";
        yield return Convert.ToBase64String([0x02, .. v3[1..]]);
        yield return Convert.ToBase64String(v3[..9]);
        yield return Convert.ToBase64String(v3[..20]);
        var endless = (byte[])v3.Clone();
        endless[5] = 0x7f; // about two billion iterations: refused rather than run
        yield return Convert.ToBase64String(endless);
        var wrongSaltLength = (byte[])v3.Clone();
        wrongSaltLength[12] = 0xff;
        yield return Convert.ToBase64String(wrongSaltLength);
    }

    [TestCaseSource(nameof(DamagedIdentityHashes))]
    public void TheServersHasher_ADamagedIdentityHash_FailsWithoutThrowing(string stored)
    {
        foreach (var algorithm in Enum.GetValues<PasswordHashAlgorithm>())
        {
            Assert.That(Hasher(algorithm).VerifyHashedPassword(User, stored, Password), Is.EqualTo(PasswordVerificationResult.Failed), algorithm.ToString());
        }
    }

    [Test]
    public void TheServersHasher_RunsNoMoreHashesAtOnceThanTheCap()
    {
        var hasher = Hasher(PasswordHashAlgorithm.Argon2id, new Argon2Cost(8 * 1024, 1, 1), cap: 2);
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 3; i++) hasher.HashPassword(User, Password);
        })).ToList();

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.That(hasher.Peak, Is.EqualTo(2), "eight threads at once, two hashes at a time");
    }

    private static HarmonyPasswordHasher Hasher(PasswordHashAlgorithm algorithm, Argon2Cost? cost = null, int cap = 4)
    {
        var argon2 = cost ?? Fast;
        return new HarmonyPasswordHasher(
            Options.Create(new PasswordHashingOptions
            {
                Algorithm = algorithm.ToString(),
                Argon2MemoryKiB = argon2.MemoryKiB,
                Argon2Iterations = argon2.Iterations,
                HashIterations = 1000,
            }),
            Options.Create(new Server.Features.SignIn.SignInOptions { MaxConcurrentPasswordChecks = cap }));
    }

    private static PasswordHasher<HarmonyUser> Pbkdf2(int iterations) =>
        new(Options.Create(new PasswordHasherOptions { IterationCount = iterations }));
}

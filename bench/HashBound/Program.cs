// Password hashes per second on all cores: one thread per core, each hashing for the given time, with the hasher the
// identity server uses for the given algorithm and costs. This is the ceiling of full sign-ins per second, since each
// sign-in verifies one password. Usage: HashBound argon2id|pbkdf2 [seconds=10] [memoryKiB=19456] [iterations=2] [pbkdf2Iterations=210000]
using System.Diagnostics;
using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Features.SignIn;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

var algorithm = args.ElementAtOrDefault(0) ?? "argon2id";
var seconds = double.Parse(args.ElementAtOrDefault(1) ?? "10", System.Globalization.CultureInfo.InvariantCulture);
var memoryKiB = int.Parse(args.ElementAtOrDefault(2) ?? "19456");
var iterations = int.Parse(args.ElementAtOrDefault(3) ?? "2");
var pbkdf2Iterations = int.Parse(args.ElementAtOrDefault(4) ?? "210000");

IPasswordHasher<HarmonyUser> hasher = algorithm == "pbkdf2"
    ? new PasswordHasher<HarmonyUser>(Options.Create(new PasswordHasherOptions { IterationCount = pbkdf2Iterations }))
    : new Argon2idPasswordHasher(new Argon2Cost(memoryKiB, iterations, 1));
var user = new HarmonyUser();
var stored = hasher.HashPassword(user, "Harmony#Demo2026");

var threads = Environment.ProcessorCount;
var counts = new long[threads];
var clock = Stopwatch.StartNew();
var until = TimeSpan.FromSeconds(seconds);
Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
{
    while (clock.Elapsed < until)
    {
        if (hasher.VerifyHashedPassword(user, stored, "Harmony#Demo2026") == PasswordVerificationResult.Failed) throw new InvalidOperationException();
        counts[i]++;
    }
});
var total = counts.Sum();
Console.WriteLine(FormattableString.Invariant($"{total / clock.Elapsed.TotalSeconds:F1} {clock.Elapsed.TotalMilliseconds * threads / total:F1} {threads}"));

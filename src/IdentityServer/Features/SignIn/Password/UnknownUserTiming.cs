using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// Verifies a password against a throw-away hash made with the configured PBKDF2 cost, so that a sign-in
/// with an unknown login ID takes as long as one with a wrong password.
/// </summary>
public sealed class UnknownUserTiming
{
    private readonly PasswordHasher<HarmonyUser> hasher;
    private readonly HarmonyUser dummyUser = new();
    private readonly Lazy<string> dummyHash;

    public UnknownUserTiming(IOptions<PasswordHasherOptions> options)
    {
        hasher = new PasswordHasher<HarmonyUser>(options);
        dummyHash = new Lazy<string>(() => hasher.HashPassword(dummyUser, Guid.NewGuid().ToString("N")));
    }

    public void VerifyAgainstDummyHash(string password) =>
        hasher.VerifyHashedPassword(dummyUser, dummyHash.Value, password);
}

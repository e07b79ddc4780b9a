using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// Verifies a password against a throw-away hash made by the server's own hasher, with the configured algorithm and
/// costs, so that a sign-in with an unknown login ID takes as long as one with a wrong password.
/// </summary>
public sealed class UnknownUserTiming
{
    private readonly IPasswordHasher<HarmonyUser> hasher;
    private readonly HarmonyUser dummyUser = new();
    private readonly Lazy<string> dummyHash;

    public UnknownUserTiming(IPasswordHasher<HarmonyUser> hasher)
    {
        this.hasher = hasher;
        dummyHash = new Lazy<string>(() => hasher.HashPassword(dummyUser, Guid.NewGuid().ToString("N")));
    }

    /// <summary>The throw-away hash (for the test that it is made the configured way).</summary>
    internal string DummyHash => dummyHash.Value;

    public void VerifyAgainstDummyHash(string password) =>
        hasher.VerifyHashedPassword(dummyUser, dummyHash.Value, password);
}

using System.Net;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// Rejected passkey answers per client address (an IPv6 client's /64, <see cref="ClientNetworks"/>) and window on
/// this node. A rejection costs no hash, yet writes an audit row and may look the credential up, and the
/// per-credential limit binds nothing when every forged answer names a new credential: without this bound one address
/// could write audit rows as fast as it can post. Past it, that address is told "too many attempts" and nothing is
/// written until the window ends; an accepted passkey is never held back, so colleagues behind the same proxy still
/// sign in (with a passkey or a password) during such a flood.
/// </summary>
public sealed class PasskeyRejectionThrottle(IOptions<SignInOptions> options) : IDisposable
{
    /// <summary>Far above what people make: a rejection is a cancelled or broken authenticator, not a typo.</summary>
    public const int PerAddress = 30;

    private readonly FixedWindowCounts<IPAddress> counts = new(PerAddress, options.Value.AttemptsPerLoginIdWindow);

    /// <summary>False when the request's client used up its rejections for now; no address (in-process tests), no bound.</summary>
    public bool TryAcquire(HttpContext? context) => ClientNetworks.KeyOf(context) is not { } client || counts.TryCount(client);

    public void Dispose() => counts.Dispose();
}

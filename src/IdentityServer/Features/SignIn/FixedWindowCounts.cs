using System.Threading.RateLimiting;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// At most a number of events per key and fixed window on this node, none queued: what the sign-in's bounds on this node
/// share (<see cref="SignInAttemptThrottle"/> per login ID or passkey, <see cref="PasskeyRejectionThrottle"/> per address).
/// </summary>
public sealed class FixedWindowCounts<TKey> : IDisposable where TKey : notnull
{
    private readonly PartitionedRateLimiter<TKey> limiter;

    public FixedWindowCounts(int perWindow, TimeSpan window) =>
        limiter = PartitionedRateLimiter.Create<TKey, TKey>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perWindow, Window = window, QueueLimit = 0 }));

    /// <summary>Counts one event of <paramref name="key"/>; false when its window holds no more.</summary>
    public bool TryCount(TKey key)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}

using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// A bounded queue in front of every password hash computed on request (sign-in, the unknown-ID dummy hash, the
/// conversion, the reset): at most <see cref="SignInOptions.MaxConcurrentPasswordChecks"/> at once, a bounded number
/// waiting for a bounded time, the rest told the service is busy. A few clients can no longer hold every core. The hard
/// cap on hashes (and so on Argon2id's memory) is the hasher's own (<see cref="HarmonyPasswordHasher"/>), which also
/// covers the admin paths that do not queue here.
/// </summary>
public sealed class PasswordHashingSlots : IDisposable
{
    private readonly ConcurrencyLimiter limiter;
    private readonly TimeSpan queueTimeout;
    private readonly TimeProvider time;
    private readonly IHttpContextAccessor http;
    private readonly int perClient;
    private readonly int crowded;
    private readonly ConcurrentDictionary<IPAddress, int> heldByClient = new();

    public PasswordHashingSlots(IOptions<SignInOptions> options, TimeProvider time, IHttpContextAccessor http)
    {
        var settings = options.Value;
        limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.MaxConcurrentPasswordChecks,
            QueueLimit = settings.PasswordCheckQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        queueTimeout = settings.PasswordCheckQueueTimeout;
        perClient = settings.PasswordChecksPerClient;
        // The share binds only once the queue is half full: a company behind one proxy may use every slot while it is
        // alone, and one flooding address cannot take the places the others are waiting for.
        crowded = settings.PasswordCheckQueueLimit / 2;
        this.time = time;
        this.http = http;
    }

    /// <summary>Requests waiting for a slot now on this node.</summary>
    public long Waiting => limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Waits for a slot; dispose the result to free it.</summary>
    /// <exception cref="PasswordHashingBusyException">
    /// The queue is full, no slot came within the timeout, or the client's address already holds its share of the
    /// slots and the queue, so that one address flooding the login form cannot keep everyone else out (an IPv6
    /// client's whole /64 counts as one address, <see cref="ClientNetworks"/>).
    /// </exception>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken = default)
    {
        var client = ClientNetworks.KeyOf(http.HttpContext);
        if (client is not null && !TakeShare(client)) throw new PasswordHashingBusyException();
        try
        {
            return new Slot(await AcquireAsync(cancellationToken), () => ReturnShare(client));
        }
        catch
        {
            ReturnShare(client);
            throw;
        }
    }

    private async Task<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(queueTimeout, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(1, wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PasswordHashingBusyException();
        }
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        throw new PasswordHashingBusyException();
    }

    private bool TakeShare(IPAddress client)
    {
        while (true)
        {
            var held = heldByClient.GetValueOrDefault(client);
            if (held >= perClient && Waiting >= crowded) return false;
            if (held == 0 ? heldByClient.TryAdd(client, 1) : heldByClient.TryUpdate(client, held + 1, held)) return true;
        }
    }

    private void ReturnShare(IPAddress? client)
    {
        if (client is null) return;
        while (true)
        {
            var held = heldByClient.GetValueOrDefault(client);
            if (held <= 1)
            {
                // Removed only if still 1, so the dictionary holds the addresses that are waiting now, no more.
                if (heldByClient.TryRemove(KeyValuePair.Create(client, 1)) || held == 0) return;
            }
            else if (heldByClient.TryUpdate(client, held - 1, held))
            {
                return;
            }
        }
    }

    public void Dispose() => limiter.Dispose();

    private sealed class Slot(RateLimitLease lease, Action release) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 1) return;
            lease.Dispose();
            release();
        }
    }
}

/// <summary>No hashing slot was free: the request is answered with the "busy" page (503), nothing was changed.</summary>
public sealed class PasswordHashingBusyException() : Exception("Every password hashing slot is busy.");

/// <summary>The one place that turns <see cref="PasswordHashingBusyException"/> into a 503 with <c>Retry-After</c> (the error page renders it).</summary>
public sealed class PasswordHashingBusyFilter(IOptions<SignInOptions> options) : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        if (context.Exception is not PasswordHashingBusyException) return;
        context.HttpContext.Response.Headers.RetryAfter =
            ((int)Math.Ceiling(options.Value.BusyRetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Result = new StatusCodeResult(StatusCodes.Status503ServiceUnavailable);
        context.ExceptionHandled = true;
    }
}

/// <summary>
/// Sign-in attempts per login ID and window on this node, known IDs and unknown alike (so the limit reveals nothing),
/// checked before any hash. Keyed by a hash of the normalized ID: the partitions never hold the ID itself.
/// </summary>
public sealed class SignInAttemptThrottle(IOptions<SignInOptions> options) : IDisposable
{
    private readonly FixedWindowCounts<string> counts = new(options.Value.AttemptsPerLoginId, options.Value.AttemptsPerLoginIdWindow);

    /// <summary>How long a refused person is told to wait, at most.</summary>
    public TimeSpan RetryAfter { get; } = options.Value.AttemptsPerLoginIdWindow;

    public bool TryAcquire(string loginId) =>
        counts.TryCount(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(loginId.Trim().ToUpperInvariant()))));

    public void Dispose() => counts.Dispose();
}

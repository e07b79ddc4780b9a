using Harmony.Identity.Server.Features.Email;
using System.Net;
using System.Threading.RateLimiting;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>
/// Limits of the recovery pages (section <c>Harmony:Recovery</c>); see docs/decisions/0009-recovery-limits-and-public-urls.md.
/// What costs something (an email) is limited by account first; the per-address limit is a generous flood guard,
/// because a company's employees usually reach us through one proxy address.
/// </summary>
public sealed class RecoveryOptions
{
    public const string Section = "Harmony:Recovery";

    /// <summary>
    /// Recovery requests (submissions of the two "forgot" forms) per client address and window. Page views and the
    /// use of a reset link are never counted.
    /// </summary>
    public int PerClientLimit { get; set; } = 200;

    public TimeSpan PerClientWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Recovery emails of one kind per account and window; more requests get the same answer and send nothing.</summary>
    public int PerAccountLimit { get; set; } = 3;

    public TimeSpan PerAccountWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Recovery emails of one kind per account and 24 hours.</summary>
    public int PerAccountDailyLimit { get; set; } = 10;

    /// <summary>
    /// Whether the account may be sent one more email of <paramref name="kind"/> (reset link, login-ID reminder, unlock
    /// link): counted from the outbox, so the limits hold across nodes and restarts.
    /// </summary>
    public async Task<bool> AllowAnotherAsync(HarmonyDbContext db, Guid accountId, string kind, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var sent = await db.SentAsync(accountId, kind, now, PerAccountWindow, cancellationToken);
        return sent.LastDay < PerAccountDailyLimit && sent.Window < PerAccountLimit;
    }
}

public sealed class RecoveryOptionsValidator : IValidateOptions<RecoveryOptions>
{
    public ValidateOptionsResult Validate(string? name, RecoveryOptions options)
    {
        var failures = new List<string>();
        if (options.PerClientLimit < 1) failures.Add($"{RecoveryOptions.Section}:PerClientLimit must be at least 1.");
        if (options.PerClientWindow <= TimeSpan.Zero) failures.Add($"{RecoveryOptions.Section}:PerClientWindow must be positive.");
        if (options.PerAccountLimit < 1) failures.Add($"{RecoveryOptions.Section}:PerAccountLimit must be at least 1.");
        if (options.PerAccountWindow <= TimeSpan.Zero) failures.Add($"{RecoveryOptions.Section}:PerAccountWindow must be positive.");
        if (options.PerAccountDailyLimit < options.PerAccountLimit)
        {
            failures.Add($"{RecoveryOptions.Section}:PerAccountDailyLimit must be at least PerAccountLimit.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// The flood guard of the "forgot" forms: submissions per client address (an IPv6 client's /64,
/// <see cref="ClientNetworks"/>) in a sliding window, kept in memory on each node (a flood is local; the per-account
/// limits, which protect people, are in the database).
/// </summary>
public sealed class RecoveryClientLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> limiter;

    public RecoveryClientLimiter(IOptions<RecoveryOptions> options)
    {
        var settings = options.Value;
        limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetSlidingWindowLimiter(address,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = settings.PerClientLimit,
                Window = settings.PerClientWindow,
                SegmentsPerWindow = 10,
                QueueLimit = 0,
            }));
    }

    public bool TryAcquire(HttpContext context)
    {
        using var lease = limiter.AttemptAcquire(ClientNetworks.KeyOf(context) ?? IPAddress.None);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}

public static class RecoveryExtensions
{
    public static IHostApplicationBuilder AddHarmonyRecovery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecoveryOptions>().Bind(builder.Configuration.GetSection(RecoveryOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RecoveryOptions>, RecoveryOptionsValidator>();
        builder.Services.AddSingleton<RecoveryClientLimiter>();
        builder.Services.AddScoped<RecoveryMail>();
        builder.Services.AddScoped<Email.IOutboxFeeder>(provider => provider.GetRequiredService<RecoveryMail>());
        builder.Services.AddScoped<AccountLinks>();
        builder.Services.AddScoped<PasswordResetLinks>();
        builder.Services.AddScoped<PasswordReset>();
        return builder;
    }
}

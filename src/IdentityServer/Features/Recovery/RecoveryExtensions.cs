using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>Limits of the recovery pages (section <c>Harmony:Recovery</c>).</summary>
public sealed class RecoveryOptions
{
    public const string Section = "Harmony:Recovery";

    /// <summary>Requests to the recovery pages per client IP address and window.</summary>
    public int PerClientLimit { get; set; } = 20;

    public TimeSpan PerClientWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Emails per login ID or address and window; more requests get the same answer and send nothing.</summary>
    public int PerTargetLimit { get; set; } = 3;

    public TimeSpan PerTargetWindow { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// How often one login ID or address may be sent a recovery email. Over the limit the page answers as usual but
/// sends nothing, so the limit itself reveals nothing.
/// </summary>
public sealed class RecoveryThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public RecoveryThrottle(Microsoft.Extensions.Options.IOptions<RecoveryOptions> options)
    {
        var settings = options.Value;
        limiter = PartitionedRateLimiter.Create<string, string>(target => RateLimitPartition.GetFixedWindowLimiter(target,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.PerTargetLimit, Window = settings.PerTargetWindow, QueueLimit = 0 }));
    }

    public bool TryAcquire(string kind, string target)
    {
        // Keyed by a hash: the limiter's partitions never hold the raw login ID or address.
        var key = kind + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(target.Trim().ToUpperInvariant())));
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}

public static class RecoveryExtensions
{
    public const string PerClientPolicy = "recovery-per-client";

    public static IHostApplicationBuilder AddHarmonyRecovery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecoveryOptions>().Bind(builder.Configuration.GetSection(RecoveryOptions.Section));
        var options = builder.Configuration.GetSection(RecoveryOptions.Section).Get<RecoveryOptions>() ?? new RecoveryOptions();
        builder.Services.AddSingleton<RecoveryThrottle>();
        builder.Services.AddScoped<PasswordResetLinks>();
        builder.Services.AddScoped<PasswordReset>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PerClientPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PerClientLimit, Window = options.PerClientWindow, QueueLimit = 0 }));
        });
        return builder;
    }
}

using Quartz;

namespace Harmony.Identity.Server.Features.Jobs;

/// <summary>What one run of <see cref="LockoutReleaseJob"/> changed.</summary>
public readonly record struct LockoutReleaseResult(int AccountsReleased, int UnknownLoginFailuresRemoved);

/// <summary>
/// Releases lockouts whose time is over (FAQ Q3: 24 hours by default), resetting the failure count and auditing
/// each account, and forgets failures against unknown login IDs that no longer matter. Sign-in checks the time too.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class LockoutReleaseJob(
    HarmonyDbContext db,
    TimeProvider time,
    IOptions<JobsOptions> options,
    ILogger<LockoutReleaseJob> logger) : IHarmonyJob<LockoutReleaseResult>
{
    public const string Actor = "job:lockout-release";

    public static string Name => "lockout-release";

    public async Task<LockoutReleaseResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var (audited, released) = await db.InTransactionAsync(async ct =>
        {
            var due = new DueAccounts(db, """u."LockoutEnd" IS NOT NULL AND u."LockoutEnd" <= {0}""", now);
            // Audited first so that only rows this run releases get a line.
            var audited = await due.AuditAsync(AuditEvents.LockoutReleased, Actor, ct);
            var released = await due.Rows
                // Only the lock goes: locking already reset the count, and failures made since the lock ended
                // (sign-in compares the time) must keep counting toward the next one.
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null), ct);
            return (audited, released);
        }, cancellationToken);

        // A lock that is over goes; failures that never locked are forgotten after the retention, but a row that is
        // still locked stays whatever its age (a company may lock for longer than the retention).
        var staleBefore = now - options.Value.UnknownLoginFailureRetention;
        var removed = await db.UnknownLoginFailures
            .Where(f => f.LockedUntil <= now || (f.LockedUntil == null && f.LastFailureAt < staleBefore))
            .ExecuteDeleteAsync(cancellationToken);

        if (audited != released) LogMismatch(logger, released, audited);
        if (released > 0 || removed > 0) LogReleased(logger, released, removed);
        return new LockoutReleaseResult(released, removed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Released the lockout of {Accounts} account(s); removed {Failures} unknown login ID failure record(s)")]
    private static partial void LogReleased(ILogger logger, int accounts, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Released {Released} lockout(s) but wrote {Audited} audit row(s)")]
    private static partial void LogMismatch(ILogger logger, int released, int audited);
}

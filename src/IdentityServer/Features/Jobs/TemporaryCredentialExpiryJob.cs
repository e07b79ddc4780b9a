using Quartz;

namespace Harmony.Identity.Server.Features.Jobs;

/// <summary>
/// Marks temporary credentials past their expiry as expired (FAQ Q11) and audits each account once.
/// Sign-in checks the time as well, so this job keeps the stored state and the audit log true, not the door shut.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class TemporaryCredentialExpiryJob(
    HarmonyDbContext db,
    TimeProvider time,
    ILogger<TemporaryCredentialExpiryJob> logger) : IHarmonyJob<int>
{
    public const string Actor = "job:temporary-credential-expiry";

    public static string Name => "temporary-credential-expiry";

    /// <summary>Expires what is due now; returns how many accounts it marked (0 when run again).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var (audited, expired) = await db.InTransactionAsync(async ct =>
        {
            var due = new DueAccounts(db, """u."CredentialKind" = {1} AND u."TemporaryExpired" = {2} AND u."TemporaryExpiresAt" <= {0}""",
                now, nameof(CredentialKind.Temporary), false);
            // Audited first so that only rows this run flips get a line.
            var audited = await due.AuditAsync(AuditEvents.TemporaryCredentialsExpired, Actor, ct);
            var expired = await due.Rows.ExecuteUpdateAsync(s => s.SetProperty(u => u.TemporaryExpired, true), ct);
            return (audited, expired);
        }, cancellationToken);

        if (audited != expired) LogMismatch(logger, expired, audited);
        if (expired > 0) LogExpired(logger, expired);
        return expired;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Marked the temporary credentials of {Count} account(s) as expired")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expired {Expired} temporary credential(s) but wrote {Audited} audit row(s)")]
    private static partial void LogMismatch(ILogger logger, int expired, int audited);
}

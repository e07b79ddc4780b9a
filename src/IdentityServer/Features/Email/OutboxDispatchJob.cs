using System.Security.Cryptography;
using Harmony.Identity.Server.Features.Jobs;
using Quartz;

namespace Harmony.Identity.Server.Features.Email;

/// <summary>What one run of <see cref="OutboxDispatchJob"/> did.</summary>
public readonly record struct DispatchResult(int Claimed, int Sent, int Retrying, int Failed, int Suppressed);

/// <summary>
/// Sends the email outbox (PRODUCT §7). Each run claims up to <see cref="EmailOptions.BatchSize"/> due messages with
/// one set-based UPDATE, so that dispatchers on several nodes never take the same message; then sends them one by one.
/// Accepted → sent, bodies cleared, never sent again. Transient failure → retried with exponential back-off, failed
/// after <see cref="EmailOptions.MaxAttempts"/>. Permanent failure → failed. Failures are audited on the account.
/// A node that dies holding a claim loses nothing: the claim runs out and another run takes the messages over.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class OutboxDispatchJob(
    HarmonyDbContext db,
    IEmailTransport transport,
    OutboxBodies bodies,
    AuditLog auditLog,
    TimeProvider time,
    IOptions<EmailOptions> options,
    IEnumerable<IOutboxFeeder> feeders,
    HarmonyMetrics metrics,
    ILogger<OutboxDispatchJob> logger) : IHarmonyJob<DispatchResult>
{
    public const string Actor = "job:email-outbox-dispatch";

    /// <summary>How the error of a message given up on after its last transient failure begins.</summary>
    public const string GaveUpPrefix = "Gave up after ";

    public const string UnreadableBodiesError = "The bodies cannot be read: the data-protection key that protected them is missing.";

    public static string Name => "email-outbox-dispatch";

    private const int MaxErrorLength = 1000;

    public async Task<DispatchResult> RunAsync(CancellationToken cancellationToken = default)
    {
        foreach (var feeder in feeders) await feeder.FeedAsync(cancellationToken);
        var settings = options.Value;
        var claim = Guid.NewGuid();
        var claimedUntil = await ClaimAsync(claim, settings, cancellationToken);
        if (claimedUntil is null) return default;

        var messages = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.ClaimedBy == claim && m.Status == OutboxStatus.Pending)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
        var restricted = await RestrictedAddressesAsync(messages, cancellationToken);

        int sent = 0, retrying = 0, failed = 0, suppressed = 0;
        try
        {
            foreach (var message in messages)
            {
                // Leave what is left to another run rather than send after the claim has run out (it may be taken over).
                if (time.GetUtcNow() + settings.SendGrid.Timeout >= claimedUntil.Value) break;

                var outcome = await DispatchAsync(message, claim, restricted, settings, cancellationToken);
                if (outcome is OutboxStatus.Sent or OutboxStatus.Failed or OutboxStatus.Suppressed) metrics.EmailFinished(outcome.Value);
                switch (outcome)
                {
                    case OutboxStatus.Sent: sent++; break;
                    case OutboxStatus.Pending: retrying++; break;
                    case OutboxStatus.Failed: failed++; break;
                    case OutboxStatus.Suppressed: suppressed++; break;
                }
            }
        }
        finally
        {
            // Hand back what this run did not get to (stopped early or cancelled), without counting an attempt.
            await db.OutboxMessages
                .Where(m => m.ClaimedBy == claim && m.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.ClaimedBy, (Guid?)null)
                    .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
        }

        var result = new DispatchResult(messages.Count, sent, retrying, failed, suppressed);
        if (result.Claimed > 0) LogRun(logger, result.Claimed, sent, retrying, failed, suppressed);
        return result;
    }

    /// <summary>
    /// One UPDATE marks up to a batch of due, unclaimed (or stale-claimed) pending messages as this run's. The outer
    /// condition repeats the sub-select's, so that a node whose sub-select read rows another node claimed meanwhile
    /// updates none of them: on SQL Server the UPDATE re-checks it under its row locks, on PostgreSQL it re-checks it on
    /// the row's committed new version once the other node's lock is gone, on SQLite writers take turns.
    /// </summary>
    private async Task<DateTimeOffset?> ClaimAsync(Guid claim, EmailOptions settings, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimedUntil = now + settings.ClaimDuration;
        var due = db.OutboxMessages.Where(m =>
            m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now));
        var batch = due.OrderBy(m => m.Id).Select(m => m.Id).Take(settings.BatchSize);
        var claimed = await due
            .Where(m => batch.Contains(m.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ClaimedBy, claim)
                .SetProperty(m => m.ClaimedUntil, claimedUntil), cancellationToken);
        return claimed == 0 ? null : claimedUntil;
    }

    private async Task<HashSet<string>> RestrictedAddressesAsync(List<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var addresses = messages.Select(m => EmailAddresses.Normalize(m.ToAddress)).Distinct().ToList();
        var restricted = await db.EmailAddressStatuses
            .Where(s => addresses.Contains(s.NormalizedAddress) && s.RestrictedAt != null)
            .Select(s => s.NormalizedAddress)
            .ToListAsync(cancellationToken);
        return [.. restricted];
    }

    private async Task<OutboxStatus?> DispatchAsync(
        OutboxMessage message, Guid claim, HashSet<string> restricted, EmailOptions settings, CancellationToken cancellationToken)
    {
        if (restricted.Contains(EmailAddresses.Normalize(message.ToAddress)))
        {
            return await FinishAsync(message, claim, OutboxStatus.Suppressed, EmailOutbox.RestrictedError, audit: false, cancellationToken);
        }

        string text, html;
        try
        {
            text = bodies.Unprotect(message.TextBody ?? throw new CryptographicException("The text body is missing."));
            html = bodies.Unprotect(message.HtmlBody ?? throw new CryptographicException("The HTML body is missing."));
        }
        catch (CryptographicException)
        {
            return await FinishAsync(message, claim, OutboxStatus.Failed,
                UnreadableBodiesError, audit: true, cancellationToken);
        }

        SendResult result;
        try
        {
            result = await transport.SendAsync(
                new OutgoingEmail(message.Id, message.Kind, message.ToAddress, message.ToName, message.Culture, message.Subject, text, html),
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // A transport bug must not lose the message: count the attempt and try again later.
            LogTransportThrew(logger, e, message.Id);
            result = new SendResult.Transient($"The transport failed: {e.GetType().Name}");
        }

        switch (result)
        {
            case SendResult.Accepted accepted:
                return await MarkSentAsync(message, claim, accepted.ProviderMessageId, cancellationToken);
            case SendResult.Transient transient when message.Attempts + 1 < settings.MaxAttempts:
                return await RetryLaterAsync(message, claim, transient.Error, settings, cancellationToken);
            case SendResult.Transient transient:
                return await FinishAsync(message, claim, OutboxStatus.Failed,
                    $"{GaveUpPrefix}{message.Attempts + 1} attempts. Last: {transient.Error}", audit: true, cancellationToken, attempted: true);
            case SendResult.Permanent permanent:
                return await FinishAsync(message, claim, OutboxStatus.Failed, permanent.Error, audit: true, cancellationToken, attempted: true);
            default:
                throw new InvalidOperationException($"Unknown send result {result.GetType().Name}.");
        }
    }

    private async Task<OutboxStatus?> MarkSentAsync(OutboxMessage message, Guid claim, string providerMessageId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var providerId = providerMessageId.Truncate(200);
        // Not the caller's token: the provider has the message, and this mark is what stops it being sent twice.
        var updated = await Claimed(message, claim).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Sent)
            .SetProperty(m => m.SentAt, now)
            .SetProperty(m => m.ProviderMessageId, providerId)
            .SetProperty(m => m.Attempts, m => m.Attempts + 1)
            .SetProperty(m => m.TextBody, (string?)null)
            .SetProperty(m => m.HtmlBody, (string?)null)
            .SetProperty(m => m.LastError, (string?)null)
            .SetProperty(m => m.ClaimedBy, (Guid?)null)
            .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
        if (updated == 0) LogClaimLost(logger, message.Id);
        return updated == 0 ? null : OutboxStatus.Sent;
    }

    private async Task<OutboxStatus?> RetryLaterAsync(OutboxMessage message, Guid claim, string error, EmailOptions settings, CancellationToken cancellationToken)
    {
        var attempts = message.Attempts + 1;
        var nextAttemptAt = time.GetUtcNow() + RetryDelay(attempts, settings);
        var lastError = error.Truncate(MaxErrorLength);
        var updated = await Claimed(message, claim).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.NextAttemptAt, nextAttemptAt)
            .SetProperty(m => m.LastError, lastError)
            .SetProperty(m => m.ClaimedBy, (Guid?)null)
            .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
        if (updated == 0) return null;
        LogRetrying(logger, message.Id, attempts, nextAttemptAt, error);
        return OutboxStatus.Pending;
    }

    /// <summary>Failed or suppressed: out of the outbox for good, bodies cleared; a failure is audited on the account.</summary>
    private async Task<OutboxStatus?> FinishAsync(
        OutboxMessage message, Guid claim, OutboxStatus status, string error, bool audit, CancellationToken cancellationToken, bool attempted = false)
    {
        var attempts = message.Attempts + (attempted ? 1 : 0);
        var lastError = error.Truncate(MaxErrorLength);
        var updated = await db.InTransactionAsync(async ct =>
        {
            var updated = await Claimed(message, claim).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, status)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, lastError)
                .SetProperty(m => m.TextBody, (string?)null)
                .SetProperty(m => m.HtmlBody, (string?)null)
                .SetProperty(m => m.ClaimedBy, (Guid?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), ct);
            if (updated == 1 && audit && message.UserId is { } userId)
            {
                var companyId = await db.Users.Where(u => u.Id == userId).Select(u => (Guid?)u.CompanyId).SingleOrDefaultAsync(ct);
                auditLog.Add(AuditEvents.EmailFailed, reason: AuditReasons.ByJob, actor: Actor, userId: userId, companyId: companyId,
                    details: $"{message.Kind} email (outbox message {message.Id}) not delivered: {error}");
                await db.SaveChangesAsync(ct);
            }
            return updated;
        }, CancellationToken.None);
        if (updated == 0) return null;
        if (status == OutboxStatus.Failed) LogFailed(logger, message.Id, message.Kind, attempts, error);
        return status;
    }

    /// <summary>The message, only while this run still holds it.</summary>
    private IQueryable<OutboxMessage> Claimed(OutboxMessage message, Guid claim) =>
        db.OutboxMessages.Where(m => m.Id == message.Id && m.ClaimedBy == claim && m.Status == OutboxStatus.Pending);

    /// <summary>base · 2^(attempts − 1), at most the maximum: 1, 2, 4, 8 … minutes by default, then hourly.</summary>
    public static TimeSpan RetryDelay(int attempts, EmailOptions settings)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var ticks = Math.Min(settings.RetryBaseDelay.Ticks * factor, settings.RetryMaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email outbox: claimed {Claimed}, sent {Sent}, retrying {Retrying}, failed {Failed}, suppressed {Suppressed}")]
    private static partial void LogRun(ILogger logger, int claimed, int sent, int retrying, int failed, int suppressed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {OutboxId}: attempt {Attempts} failed, next at {NextAttemptAt:O}: {Error}")]
    private static partial void LogRetrying(ILogger logger, long outboxId, int attempts, DateTimeOffset nextAttemptAt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {OutboxId} ({Kind}) failed after {Attempts} attempt(s): {Error}")]
    private static partial void LogFailed(ILogger logger, long outboxId, string kind, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The email transport threw on outbox message {OutboxId}")]
    private static partial void LogTransportThrew(ILogger logger, Exception exception, long outboxId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {OutboxId} was sent, but its claim had been taken over before it could be marked")]
    private static partial void LogClaimLost(ILogger logger, long outboxId);
}

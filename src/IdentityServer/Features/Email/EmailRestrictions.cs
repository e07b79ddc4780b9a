using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Harmony.Identity.Server.Features.Email;

/// <summary>What a delivery failure reported by the provider did.</summary>
public enum DeliveryFailureOutcome
{
    /// <summary>Counted toward the address's failures.</summary>
    Counted,

    /// <summary>Counted, and it reached the threshold: the address is now restricted.</summary>
    Restricted,

    /// <summary>This event was counted before (a replayed webhook); nothing changed.</summary>
    Duplicate,
}

/// <summary>
/// Addresses restricted after repeated delivery failures (PRODUCT §2.7, FAQ Q4 cause 3), keyed by the normalized
/// address. Failures are counted once per provider event; at <see cref="EmailOptions.DeliveryFailureThreshold"/> the
/// address is restricted and audited on every account that uses it; an admin lifts it.
/// </summary>
public sealed partial class EmailRestrictions(
    HarmonyDbContext db,
    AuditLog audit,
    TimeProvider time,
    IOptions<EmailOptions> options,
    ILogger<EmailRestrictions> logger) : IEmailRestrictions
{
    public const string WebhookActor = "sendgrid-webhook";

    public Task<bool> IsRestrictedAsync(string address, CancellationToken cancellationToken = default)
    {
        var normalized = EmailAddresses.Normalize(address);
        return db.EmailAddressStatuses.AnyAsync(s => s.NormalizedAddress == normalized && s.RestrictedAt != null, cancellationToken);
    }

    /// <summary>The address's failure record, or null when nothing was ever reported for it.</summary>
    public Task<EmailAddressStatus?> FindAsync(string address, CancellationToken cancellationToken = default)
    {
        var normalized = EmailAddresses.Normalize(address);
        return db.EmailAddressStatuses.AsNoTracking().SingleOrDefaultAsync(s => s.NormalizedAddress == normalized, cancellationToken);
    }

    public async Task<bool> LiftAsync(string address, string actor, CancellationToken cancellationToken = default)
    {
        var normalized = EmailAddresses.Normalize(address);
        return await db.InTransactionAsync(async ct =>
        {
            var lifted = await db.EmailAddressStatuses
                .Where(s => s.NormalizedAddress == normalized && s.RestrictedAt != null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.RestrictedAt, (DateTimeOffset?)null)
                    .SetProperty(x => x.FailureCount, 0), ct);
            if (lifted == 0) return false;

            await AuditAccountsAsync(normalized, AuditEvents.EmailRestrictionLifted, AuditReasons.ByAdmin, actor,
                $"address {EmailAddresses.Mask(address)}", ct);
            await db.SaveChangesAsync(ct);
            LogLifted(logger, EmailAddresses.Mask(address), actor);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Counts one bounce, drop or spam report, once per <paramref name="providerEventId"/>: the event row, the count and,
    /// at the threshold, the restriction and its audit rows are written in one transaction. A replay (even one racing
    /// the first delivery on another node) hits the event's primary key and changes nothing.
    /// </summary>
    public async Task<DeliveryFailureOutcome> RecordDeliveryFailureAsync(
        string providerEventId, string address, string eventType, CancellationToken cancellationToken = default)
    {
        var normalized = EmailAddresses.Normalize(address);
        var threshold = options.Value.DeliveryFailureThreshold;
        return await db.InTransactionAsync(async ct =>
        {
            var now = time.GetUtcNow();
            var deliveryEvent = db.EmailDeliveryEvents.Add(new EmailDeliveryEvent
            {
                ProviderEventId = providerEventId,
                NormalizedAddress = normalized,
                EventType = eventType,
                ReceivedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // EF rolled back to its savepoint; the transaction goes on. A replay finds the event already there.
                deliveryEvent.State = EntityState.Detached;
                if (await db.EmailDeliveryEvents.AnyAsync(e => e.ProviderEventId == providerEventId, ct)) return DeliveryFailureOutcome.Duplicate;
                throw;
            }

            if (!await db.EmailAddressStatuses.AnyAsync(s => s.NormalizedAddress == normalized, ct))
            {
                var status = db.EmailAddressStatuses.Add(new EmailAddressStatus { NormalizedAddress = normalized });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException e) when (e.IsUniqueViolation())
                {
                    // Another event for the same address created the row first; count on it.
                    status.State = EntityState.Detached;
                }
            }

            // Increment in SQL, so that concurrent events for one address each count.
            await db.EmailAddressStatuses
                .Where(s => s.NormalizedAddress == normalized)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.FailureCount, x => x.FailureCount + 1)
                    .SetProperty(x => x.LastFailureAt, now), ct);
            var restricted = await db.EmailAddressStatuses
                .Where(s => s.NormalizedAddress == normalized && s.RestrictedAt == null && s.FailureCount >= threshold)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RestrictedAt, now), ct);

            if (restricted == 0) return DeliveryFailureOutcome.Counted;

            await AuditAccountsAsync(normalized, AuditEvents.EmailRestricted, null, WebhookActor,
                $"address {EmailAddresses.Mask(address)} after {threshold} delivery failures (last: {eventType})", ct);
            await db.SaveChangesAsync(ct);
            LogRestricted(logger, EmailAddresses.Mask(address), threshold);
            return DeliveryFailureOutcome.Restricted;
        }, cancellationToken);
    }

    /// <summary>One audit row per account registered with the address (several employees may share one), or one without an account.</summary>
    private async Task AuditAccountsAsync(string normalized, string @event, string? reason, string actor, string details, CancellationToken cancellationToken)
    {
        var accounts = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Id, u.CompanyId })
            .ToListAsync(cancellationToken);
        if (accounts.Count == 0)
        {
            audit.Add(@event, reason: reason, actor: actor, details: details);
            return;
        }

        foreach (var account in accounts)
        {
            audit.Add(@event, reason: reason, actor: actor, details: details, companyId: account.CompanyId, userId: account.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restricted email address {Address} after {Threshold} delivery failures")]
    private static partial void LogRestricted(ILogger logger, string address, int threshold);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lifted the restriction of email address {Address} ({Actor})")]
    private static partial void LogLifted(ILogger logger, string address, string actor);
}

/// <summary>One row per normalized address that ever failed.</summary>
public sealed class EmailAddressStatusConfiguration : IEntityTypeConfiguration<EmailAddressStatus>
{
    public void Configure(EntityTypeBuilder<EmailAddressStatus> status)
    {
        status.ToTable("EmailAddressStatuses");
        status.HasKey(s => s.NormalizedAddress);
        status.Property(s => s.NormalizedAddress).HasMaxLength(256);
    }
}

/// <summary>Provider events, keyed by their ID so that a replayed webhook is refused by the database.</summary>
public sealed class EmailDeliveryEventConfiguration : IEntityTypeConfiguration<EmailDeliveryEvent>
{
    public void Configure(EntityTypeBuilder<EmailDeliveryEvent> delivery)
    {
        delivery.ToTable("EmailDeliveryEvents");
        delivery.HasKey(e => e.ProviderEventId);
        delivery.Property(e => e.ProviderEventId).HasMaxLength(100);
        delivery.Property(e => e.NormalizedAddress).HasMaxLength(256);
        delivery.Property(e => e.EventType).HasMaxLength(32);
        delivery.HasIndex(e => e.NormalizedAddress);
    }
}

namespace Harmony.Identity.Server.Data;

/// <summary>
/// One email waiting in (or gone through) the outbox. Written in the same transaction as the change that causes it,
/// sent by the dispatcher job. Bodies are protected with data protection while pending and cleared once sent.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>What kind of message it is (<c>EmailKind</c>), for admins and audit.</summary>
    public required string Kind { get; set; }

    public Guid? UserId { get; set; }

    public required string ToAddress { get; set; }

    public string? ToName { get; set; }

    /// <summary>"ja" or "en".</summary>
    public required string Culture { get; set; }

    public required string Subject { get; set; }

    /// <summary>Protected plain-text body; null once sent.</summary>
    public string? TextBody { get; set; }

    /// <summary>Protected HTML body; null once sent.</summary>
    public string? HtmlBody { get; set; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>A node that claimed the message for sending holds it until then (several dispatchers at once).</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    public Guid? ClaimedBy { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The provider's message ID (SendGrid's X-Message-Id), or the pickup file name.</summary>
    public string? ProviderMessageId { get; set; }

    public string? LastError { get; set; }
}

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
    Suppressed = 3,
}

/// <summary>Delivery failures of an address (FAQ Q4 cause 3): restricted after the threshold, lifted by an admin.</summary>
public class EmailAddressStatus
{
    /// <summary>The address, trimmed and upper-cased.</summary>
    public required string NormalizedAddress { get; set; }

    public int FailureCount { get; set; }

    public DateTimeOffset? LastFailureAt { get; set; }

    public DateTimeOffset? RestrictedAt { get; set; }
}

/// <summary>A SendGrid event already counted (by <c>sg_event_id</c>), so a replayed webhook counts once.</summary>
public class EmailDeliveryEvent
{
    public required string ProviderEventId { get; set; }

    public required string NormalizedAddress { get; set; }

    public required string EventType { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>
/// The email second factor's current challenge for an account (PRODUCT §5), started by an accepted password. One row
/// per account at most: a new password step replaces it, exhausting or passing it deletes it.
/// </summary>
public class SecondFactorChallenge
{
    public Guid UserId { get; set; }

    /// <summary>Random, carried in the pending sign-in cookie: a cookie whose challenge is gone opens nothing.</summary>
    public required string ChallengeId { get; set; }

    /// <summary>Codes tried against this challenge (resends keep it; only a new password step starts again).</summary>
    public int AttemptCount { get; set; }

    /// <summary>Hash of the 6-digit code; the code itself is only in the email.</summary>
    public required string CodeHash { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

namespace Harmony.Identity.Server.Features.Email;

/// <summary>The messages the product sends (PRODUCT §7), one record each with what the message must say.</summary>
public abstract record EmailContent
{
    public abstract string Kind { get; }
}

/// <summary>マイページ案内メール: how to sign in the first time.</summary>
public sealed record InstructionEmail(Uri LoginUrl, string TemporaryLoginId, string TemporaryPassword, DateTimeOffset ExpiresAt) : EmailContent
{
    public override string Kind => "Instruction";
}

/// <summary>The email second factor's 6-digit code.</summary>
public sealed record SecondFactorCodeEmail(string Code, DateTimeOffset ExpiresAt) : EmailContent
{
    /// <summary>The outbox's <c>Kind</c> of these messages; the per-account code limit counts them.</summary>
    public const string OutboxKind = "SecondFactorCode";

    public override string Kind => OutboxKind;
}

/// <summary>A single-use password reset link.</summary>
public sealed record PasswordResetEmail(Uri ResetUrl, DateTimeOffset ExpiresAt) : EmailContent
{
    public const string EmailKind = "PasswordReset";

    public override string Kind => EmailKind;
}

/// <summary>The login IDs registered to an address (Forgot your login ID?).</summary>
public sealed record LoginIdReminderEmail(IReadOnlyList<string> LoginIds) : EmailContent
{
    public const string EmailKind = "LoginIdReminder";

    public override string Kind => EmailKind;
}

/// <summary>The account was locked: the single-use link that releases it, and when it will be released by itself.</summary>
public sealed record LockoutNoticeEmail(Uri UnlockUrl, DateTimeOffset LockedUntil) : EmailContent
{
    /// <summary>The outbox's <c>Kind</c> of these messages; the per-account unlock-link limit counts them.</summary>
    public const string EmailKind = "LockoutNotice";

    public override string Kind => EmailKind;
}

/// <summary>
/// Sent to the former address when an admin changes it: says where mail goes now only in masked form, so that whoever
/// reads the old mailbox learns nothing they could use, and tells the employee whom to call if they did not expect it.
/// </summary>
public sealed record EmailAddressChangedEmail(string MaskedNewAddress, DateTimeOffset ChangedAt) : EmailContent
{
    public override string Kind => "EmailAddressChanged";
}

/// <summary>A passkey was added to or removed from the account (<see cref="PasskeyName"/> null: all of them, by an admin).</summary>
public sealed record PasskeyChangedEmail(bool Added, string? PasskeyName, DateTimeOffset ChangedAt) : EmailContent
{
    public override string Kind => Added ? "PasskeyAdded" : "PasskeyRemoved";
}

/// <summary>A message ready for the outbox: subject, plain text and HTML.</summary>
public sealed record RenderedEmail(string Subject, string TextBody, string HtmlBody);

/// <summary>Who receives a message, and in which language ("ja" or "en").</summary>
public sealed record EmailRecipient(string Address, string? Name, string Culture);

/// <summary>
/// Puts a message on the outbox within the caller's unit of work: the row is added to the scoped
/// <c>HarmonyDbContext</c> and saved with the caller's own <c>SaveChangesAsync</c>, so that a change that rolls back
/// sends nothing. A message to a restricted address is recorded as suppressed instead of pending.
/// </summary>
public interface IEmailOutbox
{
    Task EnqueueAsync(Guid? userId, EmailRecipient to, EmailContent content, CancellationToken cancellationToken = default);
}

/// <summary>
/// Work that turns into outbox messages, run by the dispatcher before each run so that what it queues goes out in
/// that run (the recovery pages' requests, resolved away from the request that made them).
/// </summary>
public interface IOutboxFeeder
{
    Task FeedAsync(CancellationToken cancellationToken = default);
}

/// <summary>Addresses restricted after repeated delivery failures (FAQ Q4 cause 3).</summary>
public interface IEmailRestrictions
{
    Task<bool> IsRestrictedAsync(string address, CancellationToken cancellationToken = default);

    /// <summary>Lifts the restriction and resets the failure count; audited with the acting admin. False when it was not restricted.</summary>
    Task<bool> LiftAsync(string address, string actor, CancellationToken cancellationToken = default);
}

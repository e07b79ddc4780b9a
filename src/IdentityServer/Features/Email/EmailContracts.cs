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
    public override string Kind => "PasswordReset";
}

/// <summary>The login IDs registered to an address (Forgot your login ID?).</summary>
public sealed record LoginIdReminderEmail(IReadOnlyList<string> LoginIds) : EmailContent
{
    public override string Kind => "LoginIdReminder";
}

/// <summary>The account was locked, and when it will be released.</summary>
public sealed record LockoutNoticeEmail(DateTimeOffset LockedUntil) : EmailContent
{
    public override string Kind => "LockoutNotice";
}

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

/// <summary>Addresses restricted after repeated delivery failures (FAQ Q4 cause 3).</summary>
public interface IEmailRestrictions
{
    Task<bool> IsRestrictedAsync(string address, CancellationToken cancellationToken = default);

    /// <summary>Lifts the restriction and resets the failure count; audited with the acting admin. False when it was not restricted.</summary>
    Task<bool> LiftAsync(string address, string actor, CancellationToken cancellationToken = default);
}

namespace Harmony.Identity.Server.Data;

/// <summary>
/// A submission of a "forgot" page, waiting for the outbox dispatcher to resolve it: the page stores only this (the same
/// for a registered and an unknown target), so its response time says nothing about accounts. The target (login ID
/// or address, as typed) is protected with data protection and the row is deleted once resolved.
/// </summary>
public class RecoveryRequest
{
    public long Id { get; set; }

    /// <summary>The email asked for: <c>PasswordReset</c> or <c>LoginIdReminder</c>.</summary>
    public required string Kind { get; set; }

    public required string ProtectedTarget { get; set; }

    /// <summary>The page's language, which the email is written in.</summary>
    public required string Culture { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>Where the person was going (the app's authorization request), kept for the reset link; local URLs only.</summary>
    public string? ReturnUrl { get; set; }

    public DateTimeOffset RequestedAt { get; set; }
}

namespace Harmony.Identity.Server.Data;

/// <summary>One line of the audit log: who, what, when, from where, on which account.</summary>
public class AuditEvent
{
    public long Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>What happened; see <see cref="AuditEvents"/>.</summary>
    public required string Event { get; set; }

    /// <summary>Why, for failures; see <see cref="AuditReasons"/>.</summary>
    public string? Reason { get; set; }

    public Guid? UserId { get; set; }

    public Guid? CompanyId { get; set; }

    public string? ClientId { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>The code a person reads out to the support desk (FAQ Q2).</summary>
    public string? ReferenceCode { get; set; }

    /// <summary>Who acted, for admin actions and jobs (an admin's subject, or <c>job:Name</c>); null for the employee.</summary>
    public string? Actor { get; set; }

    public string? Details { get; set; }
}

public static class AuditEvents
{
    public const string SignInSucceeded = "SignInSucceeded";
    public const string SignInFailed = "SignInFailed";
    public const string LockedOut = "LockedOut";
    public const string LockoutReleased = "LockoutReleased";
    public const string CredentialsConverted = "CredentialsConverted";
    public const string TemporaryCredentialsIssued = "TemporaryCredentialsIssued";
    public const string TemporaryCredentialsExpired = "TemporaryCredentialsExpired";
    public const string Suspended = "Suspended";
    public const string Resumed = "Resumed";
    public const string TokensPruned = "TokensPruned";
    public const string EmailRestricted = "EmailRestricted";
    public const string EmailRestrictionLifted = "EmailRestrictionLifted";
    public const string EmailFailed = "EmailFailed";
    public const string EmailChanged = "EmailChanged";

    /// <summary>An admin changed the name, employee number or email language; the details hold each field before and after.</summary>
    public const string ProfileUpdated = "ProfileUpdated";
    public const string SecondFactorSucceeded = "SecondFactorSucceeded";
    public const string SecondFactorFailed = "SecondFactorFailed";
    public const string SecondFactorCodeSent = "SecondFactorCodeSent";
    public const string PasswordResetRequested = "PasswordResetRequested";
    public const string PasswordReset = "PasswordReset";
    public const string LoginIdReminderRequested = "LoginIdReminderRequested";

    /// <summary>A passkey was added, renamed or removed (decision 0030); the details name it by fingerprint.</summary>
    public const string PasskeyAdded = "PasskeyAdded";
    public const string PasskeyRenamed = "PasskeyRenamed";
    public const string PasskeyRemoved = "PasskeyRemoved";

    /// <summary>The account locked and its unlock link was queued; with a reason (<c>NoAddress</c>, <c>Restricted</c>, <c>LimitReached</c>) when none was sent.</summary>
    public const string UnlockLinkSent = "UnlockLinkSent";
    public const string EmployeesImported = "EmployeesImported";

    // The My account page (decision 0031); each with the reason ByEmployee.
    public const string PasswordChanged = "PasswordChanged";
    public const string LanguageChanged = "LanguageChanged";
    public const string SessionRevoked = "SessionRevoked";
    public const string SignedOutEverywhere = "SignedOutEverywhere";
}

public static class AuditReasons
{
    public const string WrongPassword = "WrongPassword";
    public const string UnknownLoginId = "UnknownLoginId";
    public const string Locked = "Locked";
    public const string Suspended = "Suspended";
    public const string TemporaryExpired = "TemporaryExpired";
    public const string CompanyInactive = "CompanyInactive";
    public const string ClientNotAllowed = "ClientNotAllowed";
    public const string ByJob = "ByJob";
    public const string ByAdmin = "ByAdmin";

    /// <summary>The lock was released with the link emailed when it locked.</summary>
    public const string ByLink = "ByLink";

    /// <summary>The lock was released by a password reset through the emailed link.</summary>
    public const string ByPasswordReset = "ByPasswordReset";

    /// <summary>The account has no email address.</summary>
    public const string NoAddress = "NoAddress";

    /// <summary>The address is restricted after repeated delivery failures.</summary>
    public const string Restricted = "Restricted";
    public const string Reissue = "Reissue";
    public const string Enrolment = "Enrolment";
    public const string WrongCode = "WrongCode";
    public const string CodeExhausted = "CodeExhausted";
    public const string CodeLimit = "CodeLimit";
    public const string TooManyAttempts = "TooManyAttempts";

    /// <summary>A recovery request for a login ID or address that matches no account.</summary>
    public const string NoMatch = "NoMatch";

    /// <summary>A reset asked for an account that cannot reset (temporary, suspended, no address).</summary>
    public const string NotEligible = "NotEligible";

    /// <summary>A recovery email not sent: the account had all the emails of that kind its limits allow.</summary>
    public const string LimitReached = "LimitReached";

    /// <summary>Temporary credentials reissued because an admin corrected the address they had been sent to.</summary>
    public const string EmailCorrected = "EmailCorrected";

    /// <summary>The employee did it on the My account page (decision 0031).</summary>
    public const string ByEmployee = "ByEmployee";
}

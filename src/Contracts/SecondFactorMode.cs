namespace Harmony.Identity.Contracts;

/// <summary>
/// What a company's policy asks after the password (the only list of them: the server stores the name, the admin API
/// and the admin site accept and offer these names).
/// </summary>
public enum SecondFactorMode
{
    /// <summary>The password alone.</summary>
    Off = 0,

    /// <summary>Password and a code sent by email (decision 0008).</summary>
    Email = 1,

    /// <summary>Password and an authenticator app's code; enrolled during the first such sign-in (decision 0029).</summary>
    Authenticator = 2,

    /// <summary>Each employee chooses the email code (the default) or the authenticator app (decision 0029).</summary>
    EmployeeChoice = 3,

    /// <summary>Passkey sign-in expected; the password path works as <see cref="Email"/> and then offers a passkey (decision 0030).</summary>
    Passkey = 4,
}

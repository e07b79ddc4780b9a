namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// What a sign-in does next, as a value: the services of the wing decide it, and <see cref="SignInPageModel.Next"/>
/// alone turns it into a redirect or a page.
/// </summary>
public abstract record SignInStep
{
    private SignInStep()
    {
    }

    /// <summary>The email code page (FAQ Q4).</summary>
    public sealed record SecondFactor : SignInStep;

    /// <summary>The authenticator app's code page (decision 0029).</summary>
    public sealed record AuthenticatorCode : SignInStep;

    /// <summary>The company asks for the authenticator app and none is set up: the enrolment page (decision 0029).</summary>
    public sealed record EnrolAuthenticator : SignInStep;

    /// <summary>Temporary credentials: the page that asks for permanent ones (FAQ Q10).</summary>
    public sealed record Conversion : SignInStep;

    /// <summary>The right temporary password, expired (FAQ Q11): the page that can ask the company to reissue (decision 0028).</summary>
    public sealed record TemporaryExpired : SignInStep;

    /// <summary>The session is open: back to the return URL (the authorization request), or home.</summary>
    public sealed record Complete : SignInStep;

    /// <summary>The session is open, but the company asks for passkeys and this employee has none: the offer to create one (decision 0030).</summary>
    public sealed record OfferPasskey : SignInStep;

    /// <summary>Start again at the login page, which shows the notice (<see cref="LoginNotices"/>) if there is one.</summary>
    public sealed record Restart(string? Notice = null) : SignInStep;

    /// <summary>Right credentials, but the company may not use the app now (FAQ Q2): the page with the reference code.</summary>
    public sealed record FailedToConnect(string ReferenceCode) : SignInStep;

    /// <summary>Stay on the page with this message; <paramref name="RetryAfter"/> when the person has to wait (429).</summary>
    public sealed record Refused(string MessageKey, TimeSpan? RetryAfter = null) : SignInStep;
}

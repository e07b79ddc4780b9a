namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// The site's routes, in one table: redirects, cookie paths, protocol endpoints, links in pages and in emails read
/// them from here. Each page's <c>@page</c> directive repeats its route, because Razor only accepts a literal there.
/// </summary>
public static class Routes
{
    // The sign-in wing (Features/SignIn).
    public const string Login = "/account/login";
    public const string VerifyCode = "/account/verify-code";
    public const string FirstSignIn = "/account/first-sign-in";
    public const string FailedToConnect = "/account/failed-to-connect";
    public const string Unlock = "/account/unlock";
    public const string TemporaryExpired = "/account/temporary-expired";

    // Passkeys (decision 0030): the employee's page, and the login page's passkey sign-in.
    public const string Passkeys = "/account/passkeys";

    public const string AuthenticatorCode = "/account/authenticator-code";
    public const string EnrolAuthenticator = "/account/enrol-authenticator";

    // The employee's own pages, with a session.
    public const string Authenticator = "/account/authenticator";

    // Recovery (Features/Recovery).
    public const string ForgotLoginId = "/account/forgot-login-id";
    public const string ForgotPassword = "/account/forgot-password";
    public const string ResetPassword = "/account/reset-password";

    // The My account page (Features/MyAccount, decision 0031) and the pages it links to.
    public const string MyAccount = "/account";

    // The protocol (Connect/), end session included.
    public const string Authorize = "/connect/authorize";
    public const string Token = "/connect/token";
    public const string UserInfo = "/connect/userinfo";
    public const string EndSession = "/connect/endsession";
    public const string Revocation = "/connect/revoke";
    public const string Introspection = "/connect/introspect";
    public const string SignedOut = "/signed-out";

    // The rest of the site.
    public const string Home = "/";
    public const string Help = "/help";
    public const string Error = "/error";
    public const string Language = "/language";

    /// <summary>The login page, coming back to <paramref name="returnUrl"/> afterwards and saying why the person is there.</summary>
    public static string LoginWith(string? returnUrl, string? notice = null) =>
        Login + Query(("ReturnUrl", returnUrl), ("notice", notice));

    public static string VerifyCodeWith(string? returnUrl) => VerifyCode + Query(("ReturnUrl", returnUrl));

    public static string AuthenticatorCodeWith(string? returnUrl, bool recoveryCode = false) =>
        AuthenticatorCode + Query(("ReturnUrl", returnUrl), ("recovery", recoveryCode ? "true" : null));

    public static string EnrolAuthenticatorWith(string? returnUrl) => EnrolAuthenticator + Query(("ReturnUrl", returnUrl));

    public static string FirstSignInWith(string? returnUrl) => FirstSignIn + Query(("ReturnUrl", returnUrl));

    public static string TemporaryExpiredWith(string? returnUrl) => TemporaryExpired + Query(("ReturnUrl", returnUrl));

    /// <summary>The recovery pages keep the app's request, so that "back to login" (and a reset) returns to it.</summary>
    public static string ForgotPasswordWith(string? returnUrl) => ForgotPassword + Query(("ReturnUrl", returnUrl));

    public static string ForgotLoginIdWith(string? returnUrl) => ForgotLoginId + Query(("ReturnUrl", returnUrl));

    public static string ResetPasswordWith(string token, string? returnUrl) => ResetPassword + Query(("token", token), ("ReturnUrl", returnUrl));

    public static string UnlockWith(string token, string? returnUrl) => Unlock + Query(("token", token), ("ReturnUrl", returnUrl));

    /// <summary>The passkeys page; with <paramref name="offer"/>, as the offer after a password sign-in that goes on to <paramref name="returnUrl"/>.</summary>
    public static string PasskeysWith(string? returnUrl, bool offer = false, string? done = null) =>
        Passkeys + Query(("offer", offer ? "true" : null), ("done", done), ("ReturnUrl", returnUrl));

    /// <summary>"Failed to connect to harmony server" with the reference code the support desk looks up (FAQ Q2).</summary>
    public static string FailedToConnectWith(string referenceCode) => FailedToConnect + Query(("code", referenceCode));

    /// <summary>A help answer, e.g. <c>q3</c>.</summary>
    public static string HelpOn(string question) => Help + "#" + question;

    /// <summary>The language switch for <paramref name="culture"/>, coming back to <paramref name="returnUrl"/>.</summary>
    public static string LanguageWith(string culture, string returnUrl) => $"{Language}/{culture}" + Query(("returnUrl", returnUrl));

    /// <summary>A route as OpenIddict takes it: relative to the issuer, without the leading slash.</summary>
    public static string RelativeToIssuer(string route) => route.TrimStart('/');

    private static QueryString Query(params (string Name, string? Value)[] parameters) =>
        QueryString.Create(parameters.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Name, p.Value)));
}

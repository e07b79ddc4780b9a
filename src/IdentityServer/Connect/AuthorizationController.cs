using System.Security.Claims;
using System.Text.Json;
using Harmony.Identity.Server.Features.SignIn;
using Harmony.Identity.Server.Localization;
using Harmony.Identity.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Connect;

/// <summary>The protocol endpoints OpenIddict passes through to us: authorize, token, userinfo and end session.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class AuthorizationController(
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    UserManager<HarmonyUser> users,
    SignInManager<HarmonyUser> signIn,
    AccountGate gate,
    Features.MyAccount.AccountSessions sessions,
    AuditLog audit,
    TimeProvider time) : Controller
{
    [HttpGet("~" + Routes.Authorize), HttpPost("~" + Routes.Authorize), IgnoreAntiforgeryToken]
    public async Task<IActionResult> Authorize()
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal) : null;

        var access = user is null ? AccountAccess.Suspended : await gate.CheckAsync(user, request.ClientId);
        if (user is not null && access is AccountAccess.CompanyInactive or AccountAccess.ClientNotAllowed)
        {
            // Right credentials, but this company may not use this app now (FAQ Q2): no token, a code to quote.
            var code = ReferenceCodes.New();
            await audit.RecordAsync(AuditEvents.SignInFailed, user, access.ToString(), request.ClientId, code);
            return request.HasPromptValue(PromptValues.None)
                ? Forbid(Errors.AccessDenied, "The account may not use this application.")
                : Redirect(Routes.FailedToConnectWith(code));
        }

        if (user is not null && access == AccountAccess.Locked)
        {
            // Locked while signed in (FAQ Q3): the session ends, and the login page says why.
            await signIn.SignOutAsync();
            await audit.RecordAsync(AuditEvents.SignInFailed, user, AuditReasons.Locked, request.ClientId);
            if (request.HasPromptValue(PromptValues.None)) return Forbid(Errors.LoginRequired, "The user is not logged in.");
            return Redirect(Routes.LoginWith(CurrentUrlWithoutPromptLogin(request), LoginNotices.Locked));
        }

        if (user is null || access != AccountAccess.Allowed || MustReauthenticate(request, session))
        {
            // The session no longer qualifies (suspended, or credentials changed state): it ends here.
            if (user is not null && access != AccountAccess.Allowed) await signIn.SignOutAsync();

            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The user is not logged in.");
            }

            // An app that asks for a language with ui_locales gets it on every page of this sign-in.
            var uiCulture = UiLocalesRequestCultureProvider.FirstSupported(request.UiLocales);
            if (uiCulture is not null) Response.RememberCulture(uiCulture);

            // Drop prompt=login before coming back, or the user would be asked to log in forever.
            return Challenge(new AuthenticationProperties { RedirectUri = CurrentUrlWithoutPromptLogin(request) },
                IdentityConstants.ApplicationScheme);
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!)
            ?? throw new InvalidOperationException("The client application cannot be found.");
        var applicationId = await applications.GetIdAsync(application);

        var identity = HarmonyPrincipals.ForEmployee(
            user,
            request.GetScopes(),
            session.Principal!.FindAll(Claims.AuthenticationMethodReference).Select(c => c.Value),
            SignInSession.AuthenticatedAt(session.Principal) ?? session.Properties?.IssuedUtc ?? time.GetUtcNow(),
            HarmonyPrincipals.CarriesRoles(request.GetScopes()) ? await users.GetRolesAsync(user) : [],
            Features.MyAccount.AccountSessions.IdOf(session.Principal));

        // First-party apps have implicit consent: one permanent authorization per user and app, reused.
        var subject = user.Id.ToString();
        object? authorization = null;
        await foreach (var existing in authorizations.FindAsync(
                           subject, applicationId, Statuses.Valid, AuthorizationTypes.Permanent, request.GetScopes()))
        {
            authorization = existing;
        }
        authorization ??= await authorizations.CreateAsync(
            identity, subject, applicationId!, AuthorizationTypes.Permanent, identity.GetScopes());
        identity.SetAuthorizationId(await authorizations.GetIdAsync(authorization));

        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    [HttpPost("~" + Routes.Token), IgnoreAntiforgeryToken, Produces("application/json")]
    public async Task<IActionResult> Exchange()
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var user = await users.FindByIdAsync(result.Principal?.GetClaim(Claims.Subject) ?? "");
            if (user is null)
            {
                return Forbid(Errors.InvalidGrant, "The token is no longer valid.");
            }
            if (await gate.CheckAsync(user, request.ClientId) != AccountAccess.Allowed)
            {
                return Forbid(Errors.InvalidGrant, "The user is no longer allowed to sign in.");
            }
            // The session the code or token was obtained in has ended (decision 0035): the app's access ends with it. A
            // token without one was issued before sessions were tied to tokens: its app signs the employee in once more.
            var obtainedIn = Features.MyAccount.AccountSessions.IdOf(result.Principal);
            if (obtainedIn is not { } id || await sessions.LiveSessionOfAsync(id) is not { } live)
            {
                return Forbid(Errors.InvalidGrant, "The session this token was obtained in has ended.");
            }
            await sessions.NoteAppUseAsync(live);

            var identity = new ClaimsIdentity(result.Principal!.Claims,
                TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            // Signed in again in that browser since: the next refresh token follows the session that took its place.
            if (live.Id != id) HarmonyPrincipals.SetSession(identity, live.Id);
            // A refresh may ask for fewer scopes than were granted: the new access token has only those, and roles only with them.
            var accessTokenScopes = string.IsNullOrEmpty(request.Scope) ? identity.GetScopes() : request.GetScopes();
            var roles = HarmonyPrincipals.CarriesRoles(accessTokenScopes) ? await users.GetRolesAsync(user) : [];
            return SignIn(new ClaimsPrincipal(HarmonyPrincipals.Refresh(identity, user, roles)),
                OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        // client_credentials never arrives here: ClientCredentialsGrant answers it inside OpenIddict.
        return Forbid(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    [Authorize(AuthenticationSchemes = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)]
    [HttpGet("~" + Routes.UserInfo), HttpPost("~" + Routes.UserInfo), IgnoreAntiforgeryToken, Produces("application/json")]
    public async Task<IActionResult> UserInfo()
    {
        // A client credentials token's subject is a client ID, not an employee's: no user, so invalid_token (not a 500).
        var subject = User.GetClaim(Claims.Subject);
        var user = Guid.TryParse(subject, out _) ? await users.FindByIdAsync(subject) : null;
        if (user is null || await gate.CheckAsync(user, clientId: null) != AccountAccess.Allowed)
        {
            return Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The access token is no longer valid.",
                }),
                OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        var claims = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [Claims.Subject] = user.Id.ToString(),
            [HarmonyClaims.CompanyId] = user.CompanyId.ToString(),
        };
        if (User.HasScope(Scopes.Profile))
        {
            claims[Claims.PreferredUsername] = user.UserName;
            claims[Claims.Name] = user.DisplayName;
            claims[Claims.Locale] = user.Locale;
        }
        if (User.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = user.Email;
            claims[Claims.EmailVerified] = user.EmailConfirmed;
        }
        return Ok(claims);
    }

    /// <summary>
    /// RP-initiated logout. With a valid <c>id_token_hint</c> (checked by OpenIddict) the app vouches for the request and
    /// the session ends at once; without one, the person confirms, so a stray link cannot log them out.
    /// </summary>
    [HttpGet("~" + Routes.EndSession)]
    public async Task<IActionResult> EndSession()
    {
        var request = HttpContext.GetOpenIddictServerRequest();
        if (!string.IsNullOrEmpty(request?.IdTokenHint) && await HintNamesThisSessionAsync()) return await EndSessionConfirmed();
        var parameters = Request.Query.SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? ""))).ToList();
        return View("~/Connect/EndSession.cshtml", parameters);
    }

    /// <summary>
    /// An ID token proves only that someone once signed in, not who sent this request: anyone can put their own token
    /// in a link. So it skips the confirmation only when it names the account of this browser's session (or there is
    /// no session to end).
    /// </summary>
    private async Task<bool> HintNamesThisSessionAsync()
    {
        var hint = await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!session.Succeeded) return true;
        var sessionSubject = session.Principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return hint.Succeeded && hint.Principal.FindFirstValue(Claims.Subject) is { } subject && subject == sessionSubject;
    }

    /// <summary>The confirmation's form: checked against forgery like every form, then the session ends.</summary>
    [HttpPost("~" + Routes.EndSession)]
    public async Task<IActionResult> EndSessionConfirmed()
    {
        await signIn.SignOutAsync();
        return SignOut(new AuthenticationProperties { RedirectUri = Routes.SignedOut }, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private bool MustReauthenticate(OpenIddictRequest request, AuthenticateResult session)
    {
        if (request.HasPromptValue(PromptValues.Login)) return true;
        if (request.MaxAge is null || !session.Succeeded) return false;
        var authenticatedAt = SignInSession.AuthenticatedAt(session.Principal) ?? session.Properties?.IssuedUtc;
        return authenticatedAt is null || time.GetUtcNow() - authenticatedAt > TimeSpan.FromSeconds(request.MaxAge.Value);
    }

    private string CurrentUrlWithoutPromptLogin(OpenIddictRequest request)
    {
        var parameters = (Request.HasFormContentType ? Request.Form.ToList() : Request.Query.ToList())
            .Where(p => p.Key != Parameters.Prompt)
            .ToList();
        var prompt = string.Join(' ', request.GetPromptValues().Remove(PromptValues.Login));
        if (prompt.Length > 0) parameters.Add(KeyValuePair.Create(Parameters.Prompt, new StringValues(prompt)));
        return Request.PathBase + Request.Path + QueryString.Create(parameters);
    }

    private ForbidResult Forbid(string error, string description) => Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}

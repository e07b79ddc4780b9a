using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>The authenticator app's code page (decision 0029): the 6-digit code, or one of the recovery codes instead.</summary>
[AllowAnonymous]
public sealed class AuthenticatorCodeModel(SignInFlow flow, SignInSession session, AuthenticatorSignIn authenticator, HarmonyDbContext db)
    : SignInPageModel
{
    /// <summary>Asks for a recovery code instead of the app's code.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Recovery { get; set; }

    [BindProperty]
    public bool RememberBrowser { get; set; }

    public int RememberDays { get; private set; }

    public bool CanRemember { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var pending = await session.FindPendingAsync(HttpContext, PendingStep.AuthenticatorCode);
        if (pending is null) return Next(new SignInStep.Restart());
        if (!await authenticator.IsOpenAsync(pending.User, pending.ChallengeId, cancellationToken)) return Next(await flow.AbandonAsync(HttpContext));
        await DescribeAsync(pending.User, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var pending = await session.FindPendingAsync(HttpContext, PendingStep.AuthenticatorCode);
        if (pending is null) return Next(new SignInStep.Restart());
        await DescribeAsync(pending.User, cancellationToken);
        var rememberDays = RememberBrowser && CanRemember ? RememberDays : 0;
        return Next(await flow.AuthenticatorCodeAsync(HttpContext, pending, Request.Form["Code"], Recovery, rememberDays, ReturnUrl, cancellationToken));
    }

    private async Task DescribeAsync(HarmonyUser user, CancellationToken cancellationToken)
    {
        RememberDays = (await db.PolicyOfAsync(user.CompanyId, cancellationToken)).RememberBrowserDays;
        // As on the email code page: remembering is bound to the security stamp, which the conversion changes.
        CanRemember = user.CredentialKind == CredentialKind.Permanent && RememberDays > 0;
    }
}

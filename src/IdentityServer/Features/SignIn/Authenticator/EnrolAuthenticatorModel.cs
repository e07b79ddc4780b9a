using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// The enrolment during sign-in, before the session opens, when the company asks for the authenticator app and the
/// employee has none (decision 0029): set it up, confirm one code, keep the recovery codes, continue.
/// </summary>
[AllowAnonymous]
public sealed class EnrolAuthenticatorModel(SignInFlow flow, SignInSession session, Authenticators authenticators) : SignInPageModel
{
    public AuthenticatorEnrolment? Enrolment { get; private set; }

    /// <summary>Shown once, right after the confirmation.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var pending = await session.FindPendingAsync(HttpContext, PendingStep.EnrolAuthenticator);
        if (pending is null) return Next(new SignInStep.Restart());
        if (await authenticators.IsEnrolledAsync(pending.User.Id, cancellationToken)) return Next(await flow.EnrolledAsync(HttpContext, pending, ReturnUrl));
        Enrolment = authenticators.Begin(pending.User);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? token, CancellationToken cancellationToken)
    {
        var pending = await session.FindPendingAsync(HttpContext, PendingStep.EnrolAuthenticator);
        if (pending is null) return Next(new SignInStep.Restart());
        if (await authenticators.IsEnrolledAsync(pending.User.Id, cancellationToken)) return Next(await flow.EnrolledAsync(HttpContext, pending, ReturnUrl));

        Enrolment = authenticators.Resume(pending.User, token);
        if (Enrolment is null)
        {
            Enrolment = authenticators.Begin(pending.User);
            return Show("Totp.Setup.Expired", error: true);
        }
        RecoveryCodes = await authenticators.ConfirmAsync(pending.User, Enrolment, Request.Form["Code"], cancellationToken);
        return RecoveryCodes is null ? Show("Totp.Setup.CodeWrong", error: true) : Page();
    }

    public async Task<IActionResult> OnPostContinueAsync(CancellationToken cancellationToken)
    {
        var pending = await session.FindPendingAsync(HttpContext, PendingStep.EnrolAuthenticator);
        if (pending is null) return Next(new SignInStep.Restart());
        if (!await authenticators.IsEnrolledAsync(pending.User.Id, cancellationToken)) return Redirect(Routes.EnrolAuthenticatorWith(ReturnUrl));
        return Next(await flow.EnrolledAsync(HttpContext, pending, ReturnUrl));
    }
}

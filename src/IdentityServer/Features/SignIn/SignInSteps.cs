using System.Globalization;
using Harmony.Identity.Contracts;
using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Features.Mfa;
using Microsoft.AspNetCore.Mvc;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// What comes after an accepted password, in order: the email code (when the company asks for it and this browser
/// is not remembered), then the conversion (temporary credentials), then the session.
/// </summary>
public sealed class SignInSteps(PendingSignIn pending, RememberedBrowsers rememberedBrowsers, EmailSecondFactor secondFactor)
{
    public async Task<IActionResult> AfterPasswordAsync(HttpContext context, HarmonyUser user, CompanyPolicy policy, string? returnUrl,
        Func<string, object?, IActionResult> redirectToPage, Func<IActionResult> toReturnUrl)
    {
        string[] methods = [AuthenticationMethods.Password];
        if (policy.SecondFactor == SecondFactorMode.Email && !rememberedBrowsers.IsRemembered(context, user))
        {
            var challenge = await secondFactor.StartAsync(user, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
            if (challenge.Result == CodeIssue.LimitReached)
            {
                return redirectToPage("/SignIn/Login", new { ReturnUrl = returnUrl, notice = LoginNotices.CodeLimit });
            }
            // Without a challenge (restricted address) the code page only says what to do next.
            await pending.StartAsync(context, user, PendingStep.SecondFactor, methods, challenge.ChallengeId);
            return redirectToPage("/Mfa/VerifyCode", new { ReturnUrl = returnUrl });
        }
        return await AfterSecondFactorAsync(context, user, methods, returnUrl, redirectToPage, toReturnUrl);
    }

    public async Task<IActionResult> AfterSecondFactorAsync(HttpContext context, HarmonyUser user, IReadOnlyList<string> methods,
        string? returnUrl, Func<string, object?, IActionResult> redirectToPage, Func<IActionResult> toReturnUrl)
    {
        if (user.CredentialKind == CredentialKind.Temporary)
        {
            await pending.StartAsync(context, user, PendingStep.Conversion, methods);
            return redirectToPage("/Credentials/FirstSignIn", new { ReturnUrl = returnUrl });
        }
        await pending.CompleteAsync(context, user, methods, ReturnUrls.ClientIdOf(returnUrl));
        return toReturnUrl();
    }
}

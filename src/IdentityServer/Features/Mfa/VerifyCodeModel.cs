using Harmony.Identity.Contracts;
using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Features.Audit;
using Harmony.Identity.Server.Features.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Harmony.Identity.Server.Features.Mfa;

/// <summary>The email code page (PRODUCT §5, FAQ Q4): type the 6-digit code, resend it, remember this browser.</summary>
[AllowAnonymous]
public sealed class VerifyCodeModel(
    PendingSignIn pending,
    EmailSecondFactor secondFactor,
    RememberedBrowsers rememberedBrowsers,
    SignInSteps steps,
    Email.IEmailRestrictions restrictions,
    HarmonyDbContext db,
    AuditLog audit) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public bool RememberBrowser { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The message key to show, if any.</summary>
    public string? MessageKey { get; private set; }

    public bool IsError { get; private set; }

    public int WaitSeconds { get; private set; }

    public int RememberDays { get; private set; }

    public bool AddressRestricted { get; private set; }

    public bool CanRemember { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var state = await pending.FindAsync(HttpContext, PendingStep.SecondFactor);
        if (state is null) return RedirectToLogin();
        var (user, _, challengeId) = state.Value;
        await DescribeAsync(user, cancellationToken);
        // A restricted address has no challenge: the page only says whom to contact.
        if (!AddressRestricted && !await secondFactor.IsOpenAsync(user, challengeId, cancellationToken)) return await AbandonAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var state = await pending.FindAsync(HttpContext, PendingStep.SecondFactor);
        if (state is null) return RedirectToLogin();
        var (user, methods, challengeId) = state.Value;
        await DescribeAsync(user, cancellationToken);
        Code = null;

        switch (await secondFactor.VerifyAsync(user, challengeId, Request.Form["Code"], cancellationToken))
        {
            case CodeCheck.Accepted:
                audit.Add(AuditEvents.SecondFactorSucceeded, user, clientId: ReturnUrls.ClientIdOf(ReturnUrl));
                await db.SaveChangesAsync(cancellationToken);
                if (RememberBrowser && CanRemember) rememberedBrowsers.Remember(HttpContext, user, RememberDays);
                return await steps.AfterSecondFactorAsync(HttpContext, user,
                    [.. methods, AuthenticationMethods.OneTimePassword, AuthenticationMethods.MultiFactor], ReturnUrl,
                    (page, values) => RedirectToPage(page, values), () => LocalRedirect(Url.LocalOrHome(ReturnUrl)));
            case CodeCheck.Exhausted:
                await pending.CancelAsync(HttpContext);
                return RedirectToPage("/SignIn/Login", new { ReturnUrl, notice = LoginNotices.CodeExhausted });
            case CodeCheck.NoChallenge:
                return await AbandonAsync();
            case CodeCheck.Expired:
                return Show("Mfa.CodeExpired", error: true);
            default:
                return Show("Mfa.CodeWrong", error: true);
        }
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken)
    {
        var state = await pending.FindAsync(HttpContext, PendingStep.SecondFactor);
        if (state is null) return RedirectToLogin();
        var (user, _, challengeId) = state.Value;
        await DescribeAsync(user, cancellationToken);
        var (result, wait) = await secondFactor.ResendAsync(user, challengeId,
            System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, cancellationToken);
        WaitSeconds = (int)Math.Ceiling(wait.TotalSeconds);
        return result switch
        {
            CodeIssue.Sent => Show("Mfa.CodeResent", error: false),
            CodeIssue.TooSoon => Show("Mfa.ResendTooSoon", error: true),
            CodeIssue.LimitReached => Show("Mfa.CodeLimit", error: true),
            CodeIssue.NoChallenge => await AbandonAsync(),
            _ => Page(),
        };
    }

    /// <summary>The challenge is gone on the server: this copy of the pending cookie is worth nothing, so drop it.</summary>
    private async Task<IActionResult> AbandonAsync()
    {
        await pending.CancelAsync(HttpContext);
        return RedirectToLogin();
    }

    private async Task DescribeAsync(HarmonyUser user, CancellationToken cancellationToken)
    {
        RememberDays = await db.Companies.AsNoTracking().Where(c => c.Id == user.CompanyId)
            .Select(c => c.Policy.RememberBrowserDays).SingleAsync(cancellationToken);
        // Remembering is tied to the security stamp, which the conversion changes: offer it to permanent accounts.
        CanRemember = user.CredentialKind == CredentialKind.Permanent && RememberDays > 0;
        AddressRestricted = string.IsNullOrWhiteSpace(user.Email) || await restrictions.IsRestrictedAsync(user.Email, cancellationToken);
    }

    private PageResult Show(string key, bool error)
    {
        MessageKey = key;
        IsError = error;
        return Page();
    }

    private RedirectToPageResult RedirectToLogin() => RedirectToPage("/SignIn/Login", new { ReturnUrl });
}

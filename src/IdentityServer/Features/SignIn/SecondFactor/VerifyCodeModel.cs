using Harmony.Identity.Server.Features.Email;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>The email code page (PRODUCT §5, FAQ Q4): type the 6-digit code, resend it, remember this browser.</summary>
[AllowAnonymous]
public sealed class VerifyCodeModel(
    SignInFlow flow,
    SignInSession session,
    EmailSecondFactor secondFactor,
    IEmailRestrictions restrictions,
    HarmonyDbContext db) : SignInPageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public bool RememberBrowser { get; set; }

    public int WaitSeconds { get; private set; }

    public int RememberDays { get; private set; }

    public bool AddressRestricted { get; private set; }

    public bool CanRemember { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var pending = await session.FindPendingAsync(HttpContext, PendingStep.SecondFactor);
        if (pending is null) return Next(new SignInStep.Restart());
        await DescribeAsync(pending.User, cancellationToken);
        // A restricted address has no challenge: the page only says whom to contact.
        if (!AddressRestricted && !await secondFactor.IsOpenAsync(pending.User, pending.ChallengeId, cancellationToken))
        {
            return Next(await flow.AbandonAsync(HttpContext));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var pending = await session.FindPendingAsync(HttpContext, PendingStep.SecondFactor);
        if (pending is null) return Next(new SignInStep.Restart());
        await DescribeAsync(pending.User, cancellationToken);
        Code = null;
        var rememberDays = RememberBrowser && CanRemember ? RememberDays : 0;
        return Next(await flow.CodeAsync(HttpContext, pending, Request.Form["Code"], rememberDays, ReturnUrl, cancellationToken));
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken)
    {
        var pending = await session.FindPendingAsync(HttpContext, PendingStep.SecondFactor);
        if (pending is null) return Next(new SignInStep.Restart());
        await DescribeAsync(pending.User, cancellationToken);
        var (result, wait) = await secondFactor.ResendAsync(pending.User, pending.ChallengeId,
            SupportedCultures.Of(), cancellationToken);
        WaitSeconds = (int)Math.Ceiling(wait.TotalSeconds);
        return result switch
        {
            CodeIssue.Sent => Show("Mfa.CodeResent", error: false),
            CodeIssue.TooSoon => Show("Mfa.ResendTooSoon", error: true),
            CodeIssue.LimitReached => Show("Mfa.CodeLimit", error: true),
            CodeIssue.NoChallenge => Next(await flow.AbandonAsync(HttpContext)),
            _ => Page(),
        };
    }

    private async Task DescribeAsync(HarmonyUser user, CancellationToken cancellationToken)
    {
        RememberDays = await db.Companies.AsNoTracking().Where(c => c.Id == user.CompanyId)
            .Select(c => c.Policy.RememberBrowserDays).SingleAsync(cancellationToken);
        // Remembering is tied to the security stamp, which the conversion changes: offer it to permanent accounts.
        CanRemember = user.CredentialKind == CredentialKind.Permanent && RememberDays > 0;
        AddressRestricted = string.IsNullOrWhiteSpace(user.Email) || await restrictions.IsRestrictedAsync(user.Email, cancellationToken);
    }
}

using Harmony.Identity.Server.Features.Recovery;
using Microsoft.AspNetCore.Mvc;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// The page the unlock link opens (FAQ Q3). Opening it changes nothing: mail systems fetch links to scan them, so the
/// lock is released only by the button (a POST with antiforgery), which then lands on the login page, keeping the
/// app's request the lock happened on.
/// </summary>
public sealed class UnlockModel(UnlockLinks links) : AccountLinkPageModel
{
    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        LinkValid = await links.FindAsync(Token, cancellationToken) is not null;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await links.ReleaseAsync(Token, cancellationToken)) return Redirect(Routes.LoginWith(LocalReturnUrl, LoginNotices.Unlocked));
        LinkValid = false;
        return Page();
    }
}

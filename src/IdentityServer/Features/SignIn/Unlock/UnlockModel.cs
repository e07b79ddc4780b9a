using Harmony.Identity.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// The page the unlock link opens (FAQ Q3). Opening it changes nothing: mail systems fetch links to scan them, so the
/// lock is released only by the button (a POST with antiforgery), which then lands on the login page.
/// </summary>
[AllowAnonymous]
public sealed class UnlockModel(UnlockLinks links) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>The app's request the lock happened on (carried by the link), where the login page then returns.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? LocalReturnUrl => LocalUrl.IsLocal(ReturnUrl) ? ReturnUrl : null;

    public bool LinkValid { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        LinkValid = await links.FindAsync(Token, cancellationToken) is not null;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await links.ReleaseAsync(Token, cancellationToken)) return Redirect(Routes.LoginWith(LocalReturnUrl, LoginNotices.Unlocked));
        LinkValid = false;
        return Page();
    }
}

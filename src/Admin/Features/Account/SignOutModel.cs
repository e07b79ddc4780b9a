using Microsoft.AspNetCore.Authentication;

namespace Harmony.Identity.Admin.Features.Account;

/// <summary>
/// Ends the admin's session here and at the identity server (RP-initiated logout with the ID token as hint), then
/// comes back to the signed-out page. A POST, so that a link elsewhere cannot sign anyone out.
/// </summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Page() : Redirect("/account/signed-out");

    public IActionResult OnPost()
    {
        if (User.Identity?.IsAuthenticated != true) return Redirect("/account/signed-out");
        return SignOut(new AuthenticationProperties { RedirectUri = "/account/signed-out" },
            SignInExtensions.CookieScheme, SignInExtensions.OidcScheme);
    }
}

using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenIddict.Server.AspNetCore;

namespace Harmony.Identity.Server.Features.SignOut;

/// <summary>
/// RP-initiated logout. With a valid <c>id_token_hint</c> (checked by OpenIddict) the app vouches for the
/// request and the session ends at once; without one, the person confirms, so a stray link cannot log them out.
/// </summary>
[AllowAnonymous]
public sealed class EndSessionModel(SignInManager<HarmonyUser> signIn) : PageModel
{
    public IEnumerable<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var request = HttpContext.GetOpenIddictServerRequest();
        if (!string.IsNullOrEmpty(request?.IdTokenHint))
        {
            return await EndSessionAsync();
        }
        Parameters = Request.Query.SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? "")));
        return Page();
    }

    public Task<IActionResult> OnPostAsync() => EndSessionAsync();

    private async Task<IActionResult> EndSessionAsync()
    {
        await signIn.SignOutAsync();
        return SignOut(new AuthenticationProperties { RedirectUri = Routes.SignedOut },
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}

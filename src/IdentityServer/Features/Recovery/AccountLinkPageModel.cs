using Harmony.Identity.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>
/// What the pages an emailed account link opens share (reset, unlock): the link's token, the app's request the link
/// carries back to the login page, and whether the link is still alive.
/// </summary>
[AllowAnonymous]
public abstract class AccountLinkPageModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>The app's request the person came from (carried by the link), where "to login" returns.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? LocalReturnUrl => LocalUrl.OrNull(ReturnUrl);

    public bool LinkValid { get; protected set; }
}

using Harmony.Identity.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>
/// What the two "forgot" pages share: one field, the same "request received" answer whatever was typed, and the
/// per-address flood guard on submissions only (page views are never counted).
/// </summary>
[AllowAnonymous]
public abstract class RecoveryFormModel(RecoveryClientLimiter clients) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Sent { get; set; }

    /// <summary>The app's request the person came from (the login page's), kept on every link back to the login page.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The login page, coming back to the app afterwards when the return URL is a local one.</summary>
    public string LoginUrl => Routes.LoginWith(LocalUrl.OrNull(ReturnUrl));

    /// <summary>The field was left empty (or is not the kind of value asked for): the form is shown again.</summary>
    public bool Missing { get; private set; }

    public void OnGet()
    {
    }

    /// <summary>Stores the request for <paramref name="target"/> and answers "request received", or shows what is missing.</summary>
    protected async Task<IActionResult> SubmitAsync(
        string? typed, Func<string, bool> isComplete, Func<string, string, string?, CancellationToken, Task> request, CancellationToken cancellationToken)
    {
        var target = typed?.Trim() ?? "";
        if (!isComplete(target))
        {
            Missing = true;
            return Page();
        }
        if (!clients.TryAcquire(HttpContext)) return StatusCode(StatusCodes.Status429TooManyRequests);

        var returnUrl = LocalUrl.OrNull(ReturnUrl);
        await request(target, SupportedCultures.Of(), returnUrl, cancellationToken);
        return RedirectToPage(new { Sent = true, ReturnUrl = returnUrl });
    }
}

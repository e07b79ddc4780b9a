using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>
/// 「ログインIDをお忘れですか?」 (FAQ Q6): the login IDs registered to an address are emailed to it. The page never
/// says whether the address is registered (FAQ Q8: representatives look addresses up).
/// </summary>
[AllowAnonymous]
public sealed class ForgotLoginIdModel(RecoveryMail mail, RecoveryClientLimiter clients) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Sent { get; set; }

    public bool Missing { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var email = Email?.Trim() ?? "";
        if (email.Length == 0 || !email.Contains('@'))
        {
            Missing = true;
            return Page();
        }
        if (!clients.TryAcquire(HttpContext)) return StatusCode(StatusCodes.Status429TooManyRequests);

        await mail.RequestLoginIdReminderAsync(email, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, cancellationToken);
        return RedirectToPage(new { Sent = true });
    }
}

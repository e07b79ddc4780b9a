using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>
/// 「パスワードをお忘れですか?」 (FAQ Q5, Q7): a permanent account with a deliverable address gets a reset link.
/// The answer is the same whether or not anything matched; temporary accounts are told, in that same answer,
/// that they cannot reset.
/// </summary>
[AllowAnonymous]
public sealed class ForgotPasswordModel(RecoveryMail mail, RecoveryClientLimiter clients) : PageModel
{
    [BindProperty]
    public string? LoginId { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Sent { get; set; }

    public bool Missing { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var loginId = LoginId?.Trim() ?? "";
        if (loginId.Length == 0)
        {
            Missing = true;
            return Page();
        }
        if (!clients.TryAcquire(HttpContext)) return StatusCode(StatusCodes.Status429TooManyRequests);

        await mail.RequestPasswordResetAsync(loginId, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, cancellationToken);
        return RedirectToPage(new { Sent = true });
    }
}

using System.Globalization;
using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Features.Audit;
using Harmony.Identity.Server.Features.Email;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>
/// 「パスワードをお忘れですか?」 (FAQ Q5, Q7): a permanent account with a deliverable address gets a reset link.
/// The answer is the same whether or not anything matched; temporary accounts are told, in that same answer,
/// that they cannot reset.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RecoveryExtensions.PerClientPolicy)]
public sealed class ForgotPasswordModel(
    UserManager<HarmonyUser> users,
    PasswordResetLinks links,
    IEmailOutbox outbox,
    RecoveryThrottle throttle,
    HarmonyDbContext db,
    AuditLog audit) : PageModel
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

        var user = await users.FindByNameAsync(loginId);
        if (user is { CredentialKind: CredentialKind.Permanent, IsSuspended: false, Email: { Length: > 0 } email } &&
            throttle.TryAcquire("reset", loginId))
        {
            var (token, expiresAt) = links.Create(user);
            var url = new Uri($"{Request.Scheme}://{Request.Host}{Request.PathBase}/account/reset-password?token={Uri.EscapeDataString(token)}");
            await outbox.EnqueueAsync(user.Id, new EmailRecipient(email, user.DisplayName, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName),
                new PasswordResetEmail(url, expiresAt), cancellationToken);
            audit.Add(AuditEvents.PasswordResetRequested, user);
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            // Audited too (without what was typed), which also gives both paths one write: timing says little.
            audit.Add(AuditEvents.PasswordResetRequested, reason: "NoMatchOrThrottled");
            await db.SaveChangesAsync(cancellationToken);
        }
        return RedirectToPage(new { Sent = true });
    }
}

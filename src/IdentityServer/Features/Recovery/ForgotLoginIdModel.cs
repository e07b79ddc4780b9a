using System.Globalization;
using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Features.Audit;
using Harmony.Identity.Server.Features.Email;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>
/// 「ログインIDをお忘れですか?」 (FAQ Q6): the login IDs registered to an address are emailed to it. The page never
/// says whether the address is registered (FAQ Q8: representatives look addresses up).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RecoveryExtensions.PerClientPolicy)]
public sealed class ForgotLoginIdModel(
    UserManager<HarmonyUser> users,
    IEmailOutbox outbox,
    RecoveryThrottle throttle,
    HarmonyDbContext db,
    AuditLog audit) : PageModel
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

        var normalized = users.NormalizeEmail(email);
        var accounts = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == normalized && !u.IsSuspended)
            .OrderBy(u => u.CreatedAt)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.CompanyId })
            .ToListAsync(cancellationToken);

        if (accounts.Count > 0 && throttle.TryAcquire("login-id", email))
        {
            var first = accounts[0];
            await outbox.EnqueueAsync(first.Id, new EmailRecipient(email, first.DisplayName, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName),
                new LoginIdReminderEmail([.. accounts.Select(a => a.UserName!)]), cancellationToken);
            audit.Add(AuditEvents.LoginIdReminderRequested, reason: null, companyId: first.CompanyId, details: $"{accounts.Count} account(s)");
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            // Audited too (without what was typed), which also gives both paths one write: timing says little.
            audit.Add(AuditEvents.LoginIdReminderRequested, reason: "NoMatchOrThrottled");
            await db.SaveChangesAsync(cancellationToken);
        }
        return RedirectToPage(new { Sent = true });
    }
}

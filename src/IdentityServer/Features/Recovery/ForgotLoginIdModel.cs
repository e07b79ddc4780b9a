using Microsoft.AspNetCore.Mvc;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>
/// 「ログインIDをお忘れですか?」 (FAQ Q6): the login IDs registered to an address are emailed to it. The page never
/// says whether the address is registered (FAQ Q8: representatives look addresses up).
/// </summary>
public sealed class ForgotLoginIdModel(RecoveryMail mail, RecoveryClientLimiter clients) : RecoveryFormModel(clients)
{
    [BindProperty]
    public string? Email { get; set; }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        SubmitAsync(Email, address => address.Contains('@'), (address, culture, _, token) => mail.RequestLoginIdReminderAsync(address, culture, token), cancellationToken);
}

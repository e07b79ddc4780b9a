using Microsoft.AspNetCore.Mvc;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>
/// 「パスワードをお忘れですか?」 (FAQ Q5, Q7): a permanent account with a deliverable address gets a reset link.
/// The answer is the same whether or not anything matched; temporary accounts are told, in that same answer,
/// that they cannot reset.
/// </summary>
public sealed class ForgotPasswordModel(RecoveryMail mail, RecoveryClientLimiter clients) : RecoveryFormModel(clients)
{
    [BindProperty]
    public string? LoginId { get; set; }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        SubmitAsync(LoginId, loginId => loginId.Length > 0, mail.RequestPasswordResetAsync, cancellationToken);
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// The expired-credentials page (FAQ Q11, decision 0028): reached only through the pending cookie that the right
/// temporary password writes after expiry, never by typing its URL; it opens no session. It keeps the FAQ's message
/// and offers to send the company a reissue request.
/// </summary>
[AllowAnonymous]
public sealed class TemporaryExpiredModel(SignInSession session, ReissueRequests requests) : SignInPageModel
{
    /// <summary>What the request came to, once the button was pressed; null before.</summary>
    public ReissueRequestOutcome? Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var pending = await session.FindPendingAsync(HttpContext, PendingStep.TemporaryExpired);
        return pending is null ? Next(new SignInStep.Restart()) : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var pending = await session.FindPendingAsync(HttpContext, PendingStep.TemporaryExpired);
        if (pending is null) return Next(new SignInStep.Restart());
        Outcome = await requests.SendAsync(pending.User, cancellationToken);
        // Nothing more to do here once the request is with the company, or its credentials were renewed.
        if (Outcome is ReissueRequestOutcome.Approved or ReissueRequestOutcome.NotExpired) await session.CancelPendingAsync(HttpContext);
        return Outcome == ReissueRequestOutcome.NotExpired ? Next(new SignInStep.Restart()) : Page();
    }
}

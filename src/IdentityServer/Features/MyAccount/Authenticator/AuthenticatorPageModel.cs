using Harmony.Identity.Server.Features.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Server.Features.MyAccount;

/// <summary>
/// The employee's own authenticator page (decision 0029), with a session: whether one is set up, set up or replace it,
/// new recovery codes, remove it (not while the company requires it), and under <c>EmployeeChoice</c> which second
/// factor comes after the password.
/// </summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class AuthenticatorPageModel(UserManager<HarmonyUser> users, Authenticators authenticators, HarmonyDbContext db,
    TimeProvider time, IOptions<PasskeyOptions> recent) : PageModel
{
    /// <summary>The message that asks for a fresh sign-in before any change, with its link.</summary>
    public const string SignInAgainKey = "Totp.SignInAgain";

    /// <summary>
    /// Every change needs a sign-in as recent as the passkeys page asks (<c>Harmony:Passkeys:RecentSignInMinutes</c>):
    /// someone at an unattended open session must not bind their own app or spend the recovery codes.
    /// </summary>
    public bool RecentSignIn => SignInSession.IsRecent(User, time.GetUtcNow(), TimeSpan.FromMinutes(recent.Value.RecentSignInMinutes));

    /// <summary>
    /// Finishing a set-up begun in time gets <see cref="FinishingGrace"/> more: scanning the code and typing the app's first
    /// code must not run out of the window and lose the set-up. Bounded by the sign-in, not by the set-up's own 15 minutes.
    /// </summary>
    private bool RecentEnoughToFinish =>
        SignInSession.IsRecent(User, time.GetUtcNow(), TimeSpan.FromMinutes(recent.Value.RecentSignInMinutes) + FinishingGrace);

    private static readonly TimeSpan FinishingGrace = TimeSpan.FromMinutes(5);

    public string SignInAgainUrl => Routes.LoginWith(Routes.Authenticator);

    public HarmonyUser Account { get; private set; } = null!;

    public SecondFactorMode Mode { get; private set; }

    public AuthenticatorStatus? Status { get; private set; }

    /// <summary>Set while the page shows the set-up (no authenticator yet, or replacing it).</summary>
    public AuthenticatorEnrolment? Enrolment { get; private set; }

    /// <summary>Shown once, right after a confirmation or a regeneration.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public string? MessageKey { get; private set; }

    public bool IsError { get; private set; }

    public SecondFactorChoice Choice => Account.SecondFactorChoice ?? SecondFactorChoice.Email;

    /// <summary>Removing is refused while the company's policy requires the authenticator: replacing it is offered instead.</summary>
    public bool MayRemove => Mode != SecondFactorMode.Authenticator;

    public async Task<IActionResult> OnGetAsync(bool replace, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        if (Status is not null && !replace) return Page();
        if (!RecentSignIn) return Show(SignInAgainKey, error: true);
        Enrolment = authenticators.Begin(Account);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        Enrolment = authenticators.Resume(Account, token);
        // A set-up still open was handed out while the sign-in was recent (only then is one): it has a few minutes more.
        if (!RecentSignIn && !(Enrolment is not null && RecentEnoughToFinish))
        {
            Enrolment = null;
            return Show(SignInAgainKey, error: true);
        }
        if (Enrolment is null)
        {
            Enrolment = authenticators.Begin(Account);
            return Show("Totp.Setup.Expired", error: true);
        }
        RecoveryCodes = await authenticators.ConfirmAsync(Account, Enrolment, Request.Form["Code"], cancellationToken);
        if (RecoveryCodes is null) return Show("Totp.Setup.CodeWrong", error: true);
        Enrolment = null;
        await LoadAsync(cancellationToken);
        return Show("Totp.Setup.Done", error: false);
    }

    public async Task<IActionResult> OnPostRegenerateAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        if (!RecentSignIn) return Show(SignInAgainKey, error: true);
        RecoveryCodes = await authenticators.RegenerateRecoveryCodesAsync(Account, cancellationToken);
        if (RecoveryCodes is null) return RedirectToPage();
        await LoadAsync(cancellationToken);
        return Show("Totp.Codes.Regenerated", error: false);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        if (!RecentSignIn) return Show(SignInAgainKey, error: true);
        if (!MayRemove) return Show("Totp.Remove.Required", error: true);
        await authenticators.RemoveAsync(Account, actor: null, cancellationToken);
        await LoadAsync(cancellationToken);
        Enrolment = authenticators.Begin(Account);
        return Show("Totp.Remove.Done", error: false);
    }

    public async Task<IActionResult> OnPostChooseAsync(SecondFactorChoice choice, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        if (!RecentSignIn) return Show(SignInAgainKey, error: true);
        if (Mode != SecondFactorMode.EmployeeChoice || !Enum.IsDefined(choice)) return RedirectToPage();
        if (choice == SecondFactorChoice.Authenticator && Status is null) return Show("Totp.Choice.NeedsSetup", error: true);
        await authenticators.ChooseAsync(Account, choice, cancellationToken);
        await LoadAsync(cancellationToken);
        return Show("Totp.Choice.Saved", error: false);
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var account = Guid.TryParse(users.GetUserId(User), out var id)
            ? await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken)
            : null;
        if (account is null) return false;
        Account = account;
        Mode = (await db.PolicyOfAsync(account.CompanyId, cancellationToken)).SecondFactor;
        Status = await authenticators.StatusAsync(account.Id, cancellationToken);
        return true;
    }

    private PageResult Show(string messageKey, bool error)
    {
        MessageKey = messageKey;
        IsError = error;
        return Page();
    }
}

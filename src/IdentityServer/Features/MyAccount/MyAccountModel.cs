using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Contracts.Credentials;
using Harmony.Identity.Server.Features.Recovery;
using Harmony.Identity.Server.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Harmony.Identity.Server.Features.MyAccount;

/// <summary>
/// My account (<c>/account</c>, decision 0031): change password, language, links to the second-factor pages, recent
/// sign-ins, active sessions and "sign out everywhere". A session is needed; without one the login page comes first and
/// returns here.
/// </summary>
[Authorize]
public sealed class MyAccountModel(
    UserManager<HarmonyUser> users,
    PasswordChange passwords,
    AccountLanguage languages,
    SignOutEverywhere signOut,
    AccountSessions sessions,
    RecentSignIns signIns,
    IStringLocalizer<SharedResource> T) : PageModel
{
    /// <summary>What the last form did (after its redirect): <c>password</c>, <c>language</c>, <c>session</c>.</summary>
    public static class Done
    {
        public const string Password = "password";
        public const string Language = "language";
        public const string Session = "session";
    }

    private static readonly TimeZoneInfo JapanTime = CsvExports.FindTimeZone(CsvExports.JapanTimeZone)!;

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? NewPasswordConfirmation { get; set; }

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? DoneWhat { get; set; }

    public HarmonyUser Account { get; private set; } = null!;

    /// <summary>Errors by field: <c>CurrentPassword</c>, <c>Password</c>, <c>PasswordConfirmation</c>, or "" for the form as a whole.</summary>
    public ILookup<string, string> Errors { get; private set; } = Array.Empty<string>().ToLookup(_ => "", _ => "");

    public IReadOnlyList<string> PasswordRules { get; private set; } = [];

    public IReadOnlyList<SignInRecord> SignIns { get; private set; } = [];

    public IReadOnlyList<SignInRecord> FailedSinceLastSignIn { get; private set; } = [];

    public IReadOnlyList<AccountSession> Sessions { get; private set; } = [];

    public Guid? ThisSession => AccountSessions.IdOf(User);

    public string? StatusKey => DoneWhat switch
    {
        Done.Password => "MyAccount.Password.Done",
        Done.Language => "MyAccount.Language.Done",
        Done.Session => "MyAccount.Sessions.Done",
        _ => null,
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        var current = CurrentPassword;
        var input = new NewPassword(NewPassword, NewPasswordConfirmation);
        CurrentPassword = NewPassword = NewPasswordConfirmation = null;

        var result = await passwords.ChangeAsync(HttpContext, Account, current, input, cancellationToken);
        if (result.Outcome == PasswordChangeOutcome.Changed) return Redirect(Routes.MyAccount + "?done=" + Done.Password);

        var errors = result.Failures.Select(f => (Field: f.PropertyName, Message: f.ErrorMessage)).ToList();
        var currentError = result.Outcome switch
        {
            PasswordChangeOutcome.CurrentPasswordMissing => (nameof(CurrentPassword), T["MyAccount.Password.CurrentRequired"].Value),
            PasswordChangeOutcome.WrongCurrentPassword => (nameof(CurrentPassword), T["MyAccount.Password.CurrentWrong"].Value),
            PasswordChangeOutcome.Locked => (nameof(CurrentPassword), T["MyAccount.Password.Locked"].Value),
            PasswordChangeOutcome.TooManyAttempts => (nameof(CurrentPassword), T["Error.TooManyAttempts"].Value),
            _ => default((string, string)?),
        };
        if (currentError is { } error) errors.Insert(0, error);
        Errors = errors.ToLookup(e => e.Field, e => e.Message);
        // The account may have locked meanwhile, and the lists may hold the attempt just made.
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostLanguageAsync(string? language, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        // An unsupported value (only a hand-made request sends one) changes nothing.
        await languages.ChangeAsync(HttpContext, Account, language, cancellationToken);
        return Redirect(Routes.MyAccount + "?done=" + Done.Language);
    }

    public async Task<IActionResult> OnPostSignOutSessionAsync(Guid? session, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        // This browser's own session is ended with "sign out everywhere" or the app's own sign-out, not from the list.
        if (session is { } id && id != ThisSession) await signOut.OneAsync(Account, id, cancellationToken);
        return Redirect(Routes.MyAccount + "?done=" + Done.Session);
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken)) return Challenge();
        await signOut.EverywhereAsync(HttpContext, Account, cancellationToken);
        return Redirect(Routes.SignedOut);
    }

    /// <summary>An instant in Japan time, written as the page's language writes it.</summary>
    public string Time(DateTimeOffset instant) => T["MyAccount.Time", TimeZoneInfo.ConvertTime(instant, JapanTime)];

    /// <summary>"Chrome (Windows)" in the page's language; unknown parts named as unknown.</summary>
    public string Device(string? userAgent)
    {
        var (browser, system) = UserAgents.Parse(userAgent);
        return T["MyAccount.Device", browser ?? T["MyAccount.Device.UnknownBrowser"], system ?? T["MyAccount.Device.UnknownSystem"]];
    }

    /// <summary>Why an attempt failed, in plain words.</summary>
    public string FailureReason(string? reason) => reason switch
    {
        AuditReasons.WrongPassword => T["MyAccount.SignIns.Failure.WrongPassword"],
        AuditReasons.Locked => T["MyAccount.SignIns.Failure.Locked"],
        AuditReasons.WrongCode or AuditReasons.CodeExhausted => T["MyAccount.SignIns.Failure.WrongCode"],
        _ => T["MyAccount.SignIns.Failure.Other"],
    };

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return false;
        Account = user;
        PasswordRules = CredentialRuleTexts.PasswordRuleList(CultureInfo.CurrentUICulture, await passwords.PasswordPolicyAsync(user, cancellationToken));
        (SignIns, FailedSinceLastSignIn) = await signIns.ReadAsync(user.Id, cancellationToken);
        Sessions = await sessions.ActiveAsync(user.Id, cancellationToken);
        return true;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>The hosted login page: login ID and password (FAQ Q1, Q2, Q3, Q11).</summary>
[AllowAnonymous]
public sealed class LoginModel(SignInFlow flow, PasskeySignIn passkeys, PasskeyAvailability passkeyAvailability) : SignInPageModel
{
    /// <summary>The browser's answer to the passkey request (<c>navigator.credentials.get()</c>) as JSON.</summary>
    [BindProperty]
    public string? Credential { get; set; }

    /// <summary>Whether this server can offer passkeys (its public URL names a host); the browser decides the rest.</summary>
    public bool PasskeysAvailable => passkeyAvailability.Available;

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    /// <summary>Why the person was sent back here, e.g. <c>code-exhausted</c> after five wrong codes.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Notice { get; set; }

    /// <summary>The key of a status line that is good news (the lock released by the emailed link), if any.</summary>
    public string? StatusKey { get; private set; }

    public void OnGet()
    {
        StatusKey = Notice == LoginNotices.Unlocked ? "Unlock.Done" : null;
        MessageKey = Notice switch
        {
            LoginNotices.CodeExhausted => "Mfa.CodeExhausted",
            LoginNotices.CodeLimit => "Mfa.CodeLimit",
            LoginNotices.Locked => "Error.Locked",
            _ => null,
        };
        IsError = MessageKey is not null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var loginId = Input.LoginId?.Trim() ?? "";
        var password = Input.Password ?? "";
        Input.Password = null;
        if (loginId.Length == 0 || password.Length == 0) return Show("Error.Required", error: true);

        return Next(await flow.PasswordAsync(HttpContext, loginId, password, ReturnUrl, cancellationToken));
    }

    /// <summary>The options of a passkey request (discoverable credential, user verification required), remembered for this browser.</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        passkeyAvailability.Available ? Content(await passkeys.RequestOptionsAsync(), "application/json") : NotFound();

    /// <summary>"Sign in with a passkey": the assertion goes through the same flow as a password (decision 0030).</summary>
    public async Task<IActionResult> OnPostPasskeyAsync(CancellationToken cancellationToken)
    {
        var credential = Credential;
        Credential = null;
        if (string.IsNullOrEmpty(credential)) return Show("Passkey.NotAccepted", error: true);
        return Next(await flow.PasskeyAsync(HttpContext, credential, ReturnUrl, cancellationToken));
    }
}

/// <summary>Why another page sent the person back to the login page (the <c>notice</c> query parameter).</summary>
public static class LoginNotices
{
    public const string CodeExhausted = "code-exhausted";
    public const string CodeLimit = "code-limit";
    public const string Locked = "locked";

    /// <summary>The unlock link released the lock (it signs nobody in).</summary>
    public const string Unlocked = "unlocked";
}

public sealed class LoginInput
{
    public string? LoginId { get; set; }

    public string? Password { get; set; }
}

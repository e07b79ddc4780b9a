using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>The hosted login page: login ID and password (FAQ Q1, Q2, Q3, Q11).</summary>
[AllowAnonymous]
public sealed class LoginModel(SignInFlow flow) : SignInPageModel
{
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

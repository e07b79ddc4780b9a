using Harmony.Identity.Server.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>The hosted login page: login ID and password (FAQ Q1, Q2, Q3, Q11).</summary>
[AllowAnonymous]
public sealed class LoginModel(
    PasswordSignIn passwordSignIn,
    SignInSteps steps,
    SignInAttemptThrottle throttle,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Why the person was sent back here, e.g. <c>code-exhausted</c> after five wrong codes.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Notice { get; set; }

    /// <summary>The message key of the failure being shown, if any (it also picks the "what to do next" text).</summary>
    public string? ErrorKey { get; private set; }

    public string? ErrorMessage => ErrorKey is null ? null : text[ErrorKey].Value;

    public void OnGet()
    {
        ErrorKey = Notice switch
        {
            LoginNotices.CodeExhausted => "Mfa.CodeExhausted",
            LoginNotices.CodeLimit => "Mfa.CodeLimit",
            LoginNotices.Locked => "Error.Locked",
            _ => null,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var loginId = Input.LoginId?.Trim() ?? "";
        var password = Input.Password ?? "";
        Input.Password = null;
        if (loginId.Length == 0 || password.Length == 0)
        {
            return Failed("Error.Required");
        }

        var result = await passwordSignIn.CheckAsync(loginId, password, ReturnUrls.ClientIdOf(ReturnUrl), cancellationToken);
        switch (result.Status)
        {
            case PasswordSignInStatus.Succeeded or PasswordSignInStatus.MustConvert:
                return await steps.AfterPasswordAsync(HttpContext, result.User!, result.Policy!, ReturnUrl,
                    (page, values) => RedirectToPage(page, values), () => LocalRedirect(Url.LocalOrHome(ReturnUrl)));
            case PasswordSignInStatus.CompanyUnavailable:
                return RedirectToPage("/SignIn/FailedToConnect", new { code = result.ReferenceCode });
            case PasswordSignInStatus.Locked:
                return Failed("Error.Locked");
            case PasswordSignInStatus.TemporaryExpired:
                return Failed("Error.TemporaryExpired");
            case PasswordSignInStatus.TooManyAttempts:
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = ((int)Math.Ceiling(throttle.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Failed("Error.TooManyAttempts");
            default:
                return Failed("Error.InvalidCredentials");
        }
    }

    private PageResult Failed(string key)
    {
        ErrorKey = key;
        return Page();
    }
}

/// <summary>Why another page sent the person back to the login page (the <c>notice</c> query parameter).</summary>
public static class LoginNotices
{
    public const string CodeExhausted = "code-exhausted";
    public const string CodeLimit = "code-limit";
    public const string Locked = "locked";
}

public sealed class LoginInput
{
    public string? LoginId { get; set; }

    public string? Password { get; set; }
}

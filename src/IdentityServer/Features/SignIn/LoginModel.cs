using System.Security.Claims;
using Harmony.Identity.Contracts;
using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>The hosted login page: login ID and password (FAQ Q1, Q3).</summary>
[AllowAnonymous]
public sealed class LoginModel(
    UserManager<HarmonyUser> users,
    SignInManager<HarmonyUser> signIn,
    UnknownUserTiming unknownUserTiming,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The message key of the failure being shown, if any (drives the "what to do next" text).</summary>
    public string? ErrorKey { get; private set; }

    public string? ErrorMessage => ErrorKey is null ? null : text[ErrorKey].Value;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var loginId = Input.LoginId?.Trim() ?? "";
        var password = Input.Password ?? "";
        if (loginId.Length == 0 || password.Length == 0)
        {
            return Failed("Error.Required");
        }

        var user = await users.FindByNameAsync(loginId);
        if (user is null)
        {
            // Spend the same time as a real password check, so response time does not reveal unknown login IDs.
            unknownUserTiming.VerifyAgainstDummyHash(password);
            return Failed("Error.InvalidCredentials");
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut) return Failed("Error.Locked");
        if (!result.Succeeded) return Failed("Error.InvalidCredentials");

        await signIn.SignInWithClaimsAsync(user, isPersistent: false,
            [new Claim(Claims.AuthenticationMethodReference, AuthenticationMethods.Password)]);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "~/");
    }

    private PageResult Failed(string key)
    {
        ErrorKey = key;
        Input.Password = null;
        return Page();
    }
}

public sealed class LoginInput
{
    public string? LoginId { get; set; }

    public string? Password { get; set; }
}

using System.Globalization;
using Harmony.Identity.Contracts.Credentials;
using Harmony.Identity.Server.Features.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Harmony.Identity.Server.Features.Credentials;

/// <summary>
/// The page that follows a first sign-in with temporary credentials: choose a permanent login ID and password
/// (FAQ Q10). The rules are listed beside the fields; each failed rule is named in the page's language.
/// </summary>
[AllowAnonymous]
public sealed class FirstSignInModel(PendingSignIn pending, CredentialConversion conversion) : PageModel
{
    [BindProperty]
    public ConversionInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string TemporaryLoginId { get; private set; } = "";

    /// <summary>Failed rules by field name (<c>LoginId</c>, <c>Password</c>, <c>PasswordConfirmation</c>).</summary>
    public ILookup<string, string> Errors { get; private set; } = Array.Empty<string>().ToLookup(_ => "", _ => "");

    public IReadOnlyList<string> LoginIdRules => CredentialRuleTexts.LoginIdRuleList(CultureInfo.CurrentUICulture);

    public IReadOnlyList<string> PasswordRules => CredentialRuleTexts.PasswordRuleList(CultureInfo.CurrentUICulture);

    public async Task<IActionResult> OnGetAsync()
    {
        var state = await pending.FindAsync(HttpContext, PendingStep.Conversion);
        if (state is null) return RedirectToLogin();
        TemporaryLoginId = state.Value.User.UserName ?? "";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var state = await pending.FindAsync(HttpContext, PendingStep.Conversion);
        if (state is null) return RedirectToLogin();
        var (user, methods, _) = state.Value;
        TemporaryLoginId = user.UserName ?? "";

        var input = new NewCredentials(Input.LoginId?.Trim(), Input.Password, Input.PasswordConfirmation);
        Input.Password = null;
        Input.PasswordConfirmation = null;

        var failures = await conversion.ConvertAsync(user, input, cancellationToken);
        if (failures.Count > 0)
        {
            Errors = failures.ToLookup(f => f.PropertyName, f => f.ErrorMessage);
            return Page();
        }

        await pending.CompleteAsync(HttpContext, user, methods, ReturnUrls.ClientIdOf(ReturnUrl));
        return LocalRedirect(Url.LocalOrHome(ReturnUrl));
    }

    private RedirectToPageResult RedirectToLogin() => RedirectToPage("/SignIn/Login", new { ReturnUrl });
}

public sealed class ConversionInput
{
    public string? LoginId { get; set; }

    public string? Password { get; set; }

    public string? PasswordConfirmation { get; set; }
}

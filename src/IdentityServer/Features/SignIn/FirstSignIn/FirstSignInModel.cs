using Harmony.Identity.Contracts.Credentials;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// The page that follows a first sign-in with temporary credentials: choose a permanent login ID and password
/// (FAQ Q10). The rules are listed beside the fields; each failed rule is named in the page's language.
/// </summary>
[AllowAnonymous]
public sealed class FirstSignInModel(SignInFlow flow, SignInSession session, CredentialConversion conversion) : SignInPageModel
{
    [BindProperty]
    public ConversionInput Input { get; set; } = new();

    public string TemporaryLoginId { get; private set; } = "";

    /// <summary>Failed rules by field name (<c>LoginId</c>, <c>Password</c>, <c>PasswordConfirmation</c>).</summary>
    public ILookup<string, string> Errors { get; private set; } = Array.Empty<string>().ToLookup(_ => "", _ => "");

    public IReadOnlyList<string> LoginIdRules => CredentialRuleTexts.LoginIdRuleList(CultureInfo.CurrentUICulture);

    /// <summary>The password rules of the employee's company.</summary>
    public IReadOnlyList<string> PasswordRules { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var pending = await session.FindPendingAsync(HttpContext, PendingStep.Conversion);
        if (pending is null) return Next(new SignInStep.Restart());
        await ShowAsync(pending.User, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var pending = await session.FindPendingAsync(HttpContext, PendingStep.Conversion);
        if (pending is null) return Next(new SignInStep.Restart());
        await ShowAsync(pending.User, cancellationToken);

        var input = new NewCredentials(Input.LoginId?.Trim(), Input.Password, Input.PasswordConfirmation);
        Input.Password = null;
        Input.PasswordConfirmation = null;

        var failures = await conversion.ConvertAsync(pending.User, input, cancellationToken);
        if (failures.Count > 0)
        {
            Errors = failures.ToLookup(f => f.PropertyName, f => f.ErrorMessage);
            return Page();
        }
        return Next(await flow.ConvertedAsync(HttpContext, pending, ReturnUrl));
    }

    private async Task ShowAsync(HarmonyUser user, CancellationToken cancellationToken)
    {
        TemporaryLoginId = user.UserName ?? "";
        PasswordRules = CredentialRuleTexts.PasswordRuleList(CultureInfo.CurrentUICulture, await conversion.PasswordPolicyAsync(user, cancellationToken));
    }
}

public sealed class ConversionInput
{
    public string? LoginId { get; set; }

    public string? Password { get; set; }

    public string? PasswordConfirmation { get; set; }
}

using Harmony.Identity.Contracts.Credentials;
using Microsoft.AspNetCore.Mvc;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>The page a reset link opens: choose a new password (FAQ Q5, Q7).</summary>
public sealed class ResetPasswordModel(PasswordResetLinks links, PasswordReset reset) : AccountLinkPageModel
{
    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? PasswordConfirmation { get; set; }

    public bool Done { get; private set; }

    public ILookup<string, string> Errors { get; private set; } = Array.Empty<string>().ToLookup(_ => "", _ => "");

    /// <summary>The password rules of the account's company (the FAQ's while no valid link names an account).</summary>
    public IReadOnlyList<string> PasswordRules { get; private set; } = CredentialRuleTexts.PasswordRuleList(CultureInfo.CurrentUICulture);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var user = await links.FindAsync(Token);
        LinkValid = user is not null;
        if (user is not null) await ListRulesAsync(user, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await links.FindAsync(Token);
        LinkValid = user is not null;
        var input = new NewPassword(Password, PasswordConfirmation);
        Password = PasswordConfirmation = null;
        if (user is null) return Page();

        await ListRulesAsync(user, cancellationToken);
        var failures = await reset.ResetAsync(user, input, cancellationToken);
        Errors = failures.ToLookup(f => f.PropertyName, f => f.ErrorMessage);
        Done = failures.Count == 0;
        return Page();
    }

    private async Task ListRulesAsync(HarmonyUser user, CancellationToken cancellationToken) =>
        PasswordRules = CredentialRuleTexts.PasswordRuleList(CultureInfo.CurrentUICulture, await reset.PasswordPolicyAsync(user, cancellationToken));
}

using FluentValidation;

namespace Harmony.Identity.Contracts.Credentials;

/// <summary>
/// The first-sign-in conversion form: the employee replaces the temporary login ID and password with
/// permanent ones, typing the password twice.
/// </summary>
public sealed record NewCredentials(string? LoginId, string? Password, string? PasswordConfirmation);

/// <summary>
/// Checks <see cref="NewCredentials"/> against the credential rules and the password rules of the employee's company
/// (the FAQ's by default). Uniqueness of the login ID and the password history need the database and are checked by the server.
/// </summary>
public sealed class NewCredentialsValidator : AbstractValidator<NewCredentials>
{
    public NewCredentialsValidator(PasswordPolicy? policy = null)
    {
        RuleFor(x => x.LoginId).MustBeValidLoginId();
        RuleFor(x => x.Password).MustBeValidPassword(policy);
        RuleFor(x => x.PasswordConfirmation).MustConfirmPassword(x => x.Password);
    }
}

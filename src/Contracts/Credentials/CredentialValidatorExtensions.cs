using FluentValidation;
using FluentValidation.Results;

namespace Harmony.Identity.Contracts.Credentials;

/// <summary>
/// FluentValidation rules for credential fields. Every broken rule becomes one failure whose
/// <see cref="ValidationFailure.ErrorCode"/> is a <see cref="CredentialRuleCodes"/> value and whose
/// message is in the current UI culture.
/// </summary>
public static class CredentialValidatorExtensions
{
    // Parameters are nullable-oblivious so that both string and string? properties can use these rules.
#nullable disable annotations
    /// <summary>Required, <see cref="CredentialRules.CheckLoginId"/> rules.</summary>
    public static IRuleBuilderOptionsConditions<T, string> MustBeValidLoginId<T>(this IRuleBuilder<T, string> ruleBuilder) =>
        ruleBuilder.Custom((loginId, context) => AddFailures(context, CredentialRules.CheckLoginId(loginId), loginId));

    /// <summary>
    /// Required, then every rule of <paramref name="policy"/> (the FAQ's by default) and the common-password screen,
    /// as <see cref="CredentialRules.CheckNewPassword"/> checks them (all failures reported).
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string> MustBeValidPassword<T>(this IRuleBuilder<T, string> ruleBuilder, PasswordPolicy policy = null) =>
        ruleBuilder.Custom((password, context) =>
            AddFailures(context, CredentialRules.CheckNewPassword(password, policy ?? PasswordPolicy.Faq), attemptedValue: null, policy));

    /// <summary>Required, and equal to the password typed in the first field.</summary>
    public static IRuleBuilderOptionsConditions<T, string> MustConfirmPassword<T>(this IRuleBuilder<T, string> ruleBuilder, Func<T, string> password) =>
        ruleBuilder.Custom((confirmation, context) =>
        {
            if (string.IsNullOrEmpty(confirmation))
                AddFailures(context, [CredentialRuleCodes.PasswordConfirmationRequired], attemptedValue: null);
            // With no first password there is nothing to match yet: that field reports "required" itself.
            else if (password(context.InstanceToValidate) is { Length: > 0 } first && !string.Equals(first, confirmation, StringComparison.Ordinal))
                AddFailures(context, [CredentialRuleCodes.PasswordConfirmation], attemptedValue: null);
        });
#nullable restore annotations

    // Passwords are added with no attempted value, so a failure that gets logged never carries one.
    private static void AddFailures<T>(ValidationContext<T> context, IReadOnlyList<string> codes, object? attemptedValue, PasswordPolicy? policy = null)
    {
        foreach (var code in codes)
        {
            context.AddFailure(new ValidationFailure(context.PropertyPath, CredentialRuleTexts.Message(code, policy: policy), attemptedValue)
            {
                ErrorCode = code,
            });
        }
    }
}

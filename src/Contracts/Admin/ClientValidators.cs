using FluentValidation;

namespace Harmony.Identity.Contracts.Admin;

/// <summary>
/// The display name and the URIs themselves; whether a code-flow app keeps at least one redirect URI depends on the
/// registered app, which the server knows.
/// </summary>
public sealed class UpdateClientRequestValidator : AbstractValidator<UpdateClientRequest>
{
    public UpdateClientRequestValidator()
    {
        RuleFor(x => x.DisplayName)
            .Must(name => name is null || name.Trim().Length <= AdminFieldRules.ClientDisplayNameMaxLength)
            .WithAdminMessage(AdminValidationCodes.ClientDisplayNameLength)
            .Must(name => AdminFieldRules.IsPlainName(name?.Trim())).WithAdminMessage(AdminValidationCodes.NameCharacters);
        RuleFor(x => x.RedirectUris).NotNull().WithAdminMessage(AdminValidationCodes.RedirectUrisMissing);
        RuleForEach(x => x.RedirectUris).Must(AdminFieldRules.IsRedirectUri).WithAdminMessage(AdminValidationCodes.RedirectUriFormat);
        RuleForEach(x => x.PostLogoutRedirectUris).Must(AdminFieldRules.IsRedirectUri).WithAdminMessage(AdminValidationCodes.RedirectUriFormat);
    }
}

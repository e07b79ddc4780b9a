using FluentValidation;

namespace Harmony.Identity.Contracts.Admin;

/// <summary>
/// Admin roles through the API (decision 0019): <c>PUT</c> grants, <c>DELETE</c> revokes
/// <c>/employees/{id}/roles/{role}</c>, for operators only; a company's representatives are listed at
/// <c>/companies/{id}/representatives</c>, the operators at <c>/operators</c>.
/// </summary>
public static class AdminRoleApi
{
    /// <summary>The roles the API grants and revokes, by the name used in the path.</summary>
    public static readonly IReadOnlyList<string> Roles = [HarmonyRoles.CompanyAdmin, HarmonyRoles.Operator];

    public static string RolePath(Guid employeeId, string role) => $"/employees/{employeeId}/roles/{role}";

    public static string RepresentativesPath(Guid companyId) => $"/companies/{companyId}/representatives";

    public const string OperatorsPath = "/operators";
}

/// <summary>
/// The operator accounts and who may become one: accounts of the support company (<see cref="CompanyCode"/>, from the
/// server's configuration; <see cref="CompanyId"/> null while no company has that code).
/// </summary>
public sealed record OperatorList(Guid? CompanyId, string CompanyCode, IReadOnlyList<EmployeeSummary> Operators);

/// <summary>The fields of a new employee, shared by the enrolment and a new company's first representative.</summary>
public interface INewEmployeeFields
{
    string? EmployeeNumber { get; }

    string? DisplayName { get; }

    string? Email { get; }

    string? Locale { get; }
}

/// <summary>A company's first representative, enrolled with the company (see <see cref="CreateCompanyRequest"/>).</summary>
public sealed record NewRepresentative(string? EmployeeNumber, string? DisplayName, string? Email, string? Locale) : INewEmployeeFields;

/// <summary>Employee number, name, email and language of a new account, whichever request carries them.</summary>
public sealed class NewEmployeeFieldsValidator : AbstractValidator<INewEmployeeFields>
{
    public NewEmployeeFieldsValidator()
    {
        RuleFor(x => x.EmployeeNumber).MustBeEmployeeNumber();
        RuleFor(x => x.DisplayName).MustBeDisplayName();
        RuleFor(x => x.Email).MustBeEmailAddress();
        RuleFor(x => x.Locale)
            .Must(locale => locale is null || AdminFieldRules.IsLocale(locale))
            .WithAdminMessage(AdminValidationCodes.LocaleUnknown);
    }
}

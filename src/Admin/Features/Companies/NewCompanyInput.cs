namespace Harmony.Identity.Admin.Features.Companies;

/// <summary>The company create form: the company's fields and, optionally, its first representative.</summary>
public sealed class NewCompanyInput : CompanyInput
{
    public FirstRepresentativeInput FirstRepresentative { get; set; } = new();
}

/// <summary>
/// The first representative's fields, named as <see cref="NewRepresentative"/> so that the API's field errors
/// (<c>FirstRepresentative.Email</c>) land beside them. Left empty, the company is created without one.
/// </summary>
public sealed class FirstRepresentativeInput : INewEmployeeFields
{
    public string? EmployeeNumber { get; set; }

    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Locale { get; set; } = SupportedCultures.Default;

    /// <summary>Null when number, name and address are all empty (the language alone has a default).</summary>
    public NewRepresentative? ToRequest() =>
        string.IsNullOrWhiteSpace(EmployeeNumber) && string.IsNullOrWhiteSpace(DisplayName) && string.IsNullOrWhiteSpace(Email)
            ? null
            : new NewRepresentative(EmployeeNumber?.Trim(), DisplayName?.Trim(), Email?.Trim(), Locale);
}

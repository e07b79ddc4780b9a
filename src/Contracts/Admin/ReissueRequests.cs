using FluentValidation;

namespace Harmony.Identity.Contracts.Admin;

/// <summary>
/// An employee's request to have expired temporary credentials reissued (FAQ Q11, decision 0028), as the admin API lists it.
/// <see cref="MayApprove"/> is false for a representative when the account holds an admin role (operators only, decision 0010).
/// </summary>
public sealed record ReissueRequestView(
    Guid Id,
    Guid CompanyId,
    Guid EmployeeId,
    string EmployeeNumber,
    string DisplayName,
    string LoginId,
    DateTimeOffset CreatedAt,
    string State,
    bool MayApprove);

/// <summary>POST …/decline: the reason is optional and kept in the request and the audit log.</summary>
public sealed record DeclineReissueRequest(string? Reason);

/// <summary>The reissue requests' routes under <see cref="AdminApiRoutes.Base"/> and the states they take.</summary>
public static class ReissueRequestApi
{
    public const string Path = "/reissue-requests";

    public static string ApprovePath(Guid id) => $"{Path}/{id}/approve";

    public static string DeclinePath(Guid id) => $"{Path}/{id}/decline";

    /// <summary>The admin site's page where requests are decided (its dashboard), which emails link to.</summary>
    public const string DashboardRoute = "/";

    public const int ReasonMaxLength = 500;

    public const string Pending = "Pending";
    public const string Approved = "Approved";
    public const string Declined = "Declined";
    public const string Cancelled = "Cancelled";
}

public sealed class DeclineReissueRequestValidator : AbstractValidator<DeclineReissueRequest>
{
    public DeclineReissueRequestValidator()
    {
        RuleFor(x => x.Reason)
            .MaximumLength(ReissueRequestApi.ReasonMaxLength)
            .WithAdminMessage(AdminValidationCodes.ReissueReasonLength);
    }
}

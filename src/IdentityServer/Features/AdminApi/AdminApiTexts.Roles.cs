namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>The texts of the role endpoints (<see cref="RoleEndpoints"/>), in the same resx files.</summary>
public static partial class AdminApiTexts
{
    public const string RoleUnknown = nameof(RoleUnknown);
    public const string OperatorCompanyOnly = nameof(OperatorCompanyOnly);
    public const string OwnOperatorRole = nameof(OwnOperatorRole);
    public const string LastOperator = nameof(LastOperator);
    public const string RoleChangedMeanwhile = nameof(RoleChangedMeanwhile);
    public const string RepresentativeGranted = nameof(RepresentativeGranted);
    public const string RepresentativeAlreadyGranted = nameof(RepresentativeAlreadyGranted);
    public const string RepresentativeRevoked = nameof(RepresentativeRevoked);
    public const string RepresentativeNotHeld = nameof(RepresentativeNotHeld);
    public const string OperatorGranted = nameof(OperatorGranted);
    public const string OperatorAlreadyGranted = nameof(OperatorAlreadyGranted);
    public const string OperatorRevoked = nameof(OperatorRevoked);
    public const string OperatorNotHeld = nameof(OperatorNotHeld);
}

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>The texts of the reissue request endpoints (<see cref="ReissueRequestEndpoints"/>, decision 0028), in the same resx files.</summary>
public static partial class AdminApiTexts
{
    public const string ReissueRequestNotFound = nameof(ReissueRequestNotFound);
    public const string ReissueRequestDecided = nameof(ReissueRequestDecided);
    public const string ReissueRequestNoLongerExpired = nameof(ReissueRequestNoLongerExpired);
    public const string ReissueRequestApproved = nameof(ReissueRequestApproved);
    public const string ReissueRequestApprovedWithoutEmail = nameof(ReissueRequestApprovedWithoutEmail);
    public const string ReissueRequestDeclined = nameof(ReissueRequestDeclined);
}

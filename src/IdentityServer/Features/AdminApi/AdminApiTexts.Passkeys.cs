namespace Harmony.Identity.Server.Features.AdminApi;

public static partial class AdminApiTexts
{
    // Passkeys (decision 0030).
    public const string PasskeysRemoved = nameof(PasskeysRemoved);
    public const string NoPasskeys = nameof(NoPasskeys);
}

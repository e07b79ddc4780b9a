using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Harmony.Identity.Admin.Features.Shared;

/// <summary>The one-line answer to an action, carried across the redirect that follows every POST.</summary>
public static class StatusMessages
{
    public const string Key = "harmony.status";
    public const string FailedKey = "harmony.status.failed";

    public static void SetStatus(this ITempDataDictionary tempData, string message, bool failed = false)
    {
        tempData[Key] = message;
        tempData[FailedKey] = failed;
    }
}

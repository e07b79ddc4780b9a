namespace Harmony.Identity.Server.Features.Accounts;

/// <summary>The limits of reissue requests from the expired-credentials page (section <c>Harmony:ReissueRequests</c>, decision 0028).</summary>
public sealed class ReissueRequestOptions
{
    public const string Section = "Harmony:ReissueRequests";

    /// <summary>Requests one account may send in 24 hours, whatever became of them (one may be pending at a time).</summary>
    public int PerDay { get; set; } = 3;

    public static IEnumerable<string> Problems(ReissueRequestOptions options, string section)
    {
        if (options.PerDay < 1) yield return $"{section}:PerDay must be at least 1.";
    }
}

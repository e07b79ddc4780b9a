namespace Harmony.Identity.Server.Features.Accounts;

/// <summary>The policy new companies start with, and the one applied to login IDs that match no account.</summary>
public sealed class CompanyDefaultsOptions
{
    public const string Section = "Harmony:CompanyDefaults";

    public CompanyPolicy Policy { get; set; } = new();

    public static IEnumerable<string> Problems(CompanyDefaultsOptions options, string section)
    {
        var policy = options.Policy;
        if (policy.LockoutThreshold < 1) yield return $"{section}:Policy:LockoutThreshold must be at least 1.";
        if (policy.LockoutDuration <= TimeSpan.Zero) yield return $"{section}:Policy:LockoutDuration must be a positive duration.";
        if (policy.TemporaryValidityDays < 1) yield return $"{section}:Policy:TemporaryValidityDays must be at least 1.";
        if (policy.RememberBrowserDays < 0) yield return $"{section}:Policy:RememberBrowserDays must not be negative.";
    }
}
